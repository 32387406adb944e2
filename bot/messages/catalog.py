"""
What the bot says about cluster commands and changes, in Korean and English.

Like bot/messages.py: every sentence lives in WORDING and every value is
mrkdwn-escaped before it is put in, so names and cluster messages stay inert.
Each sentence that reports a problem ends with what to do next.
"""
from __future__ import annotations

from intents.language import Language
from templates import mrkdwn

__all__ = ["WORDING", "say"]

WORDING: dict[str, dict[Language, str]] = {
    # --- policy ---------------------------------------------------------------------------
    "denied.namespace_closed": {
        "ko": "`{namespace}` 네임스페이스는 정책 파일의 `namespaces`에 없어서 다룰 수 없어요. 관리자에게 추가를 요청하거나 다른 네임스페이스를 지정해 주세요.",
        "en": "I don't work in namespace `{namespace}`: the policy file's `namespaces` leaves it out. "
        "Ask an admin to add it, or name another namespace with `-n`.",
    },
    "denied.read_only": {
        "ko": "정책 파일(`KLEPAAS_POLICY`)이 없어서 읽기 전용이에요. `{intent}` 하려면 관리자에게 정책 파일에서 역할을 받아 주세요.",
        "en": "I'm read-only: no policy file (`KLEPAAS_POLICY`) is set. "
        "Ask an admin to give you a role that allows `{intent}`.",
    },
    "denied.not_in_role": {
        "ko": "<@{user}>님은 정책 파일의 어떤 역할에도 없어서 `{intent}` 할 수 없어요. 관리자에게 `{intent}`가 허용된 역할을 요청해 주세요.",
        "en": "<@{user}> is in no role of the policy file, so `{intent}` is not allowed. "
        "Ask an admin for a role that allows `{intent}`.",
    },
    "denied.intent_not_allowed": {
        "ko": "<@{user}>님의 역할({roles})에는 `{intent}` 권한이 없어요. 관리자에게 정책 파일의 `allow`에 `{intent}`를 추가해 달라고 요청해 주세요.",
        "en": "<@{user}>'s roles ({roles}) don't allow `{intent}`. "
        "Ask an admin to add `{intent}` to a role's `allow` in the policy file.",
    },
    "denied.namespace_not_in_role": {
        "ko": "<@{user}>님의 역할({roles})은 `{intent}`를 허용하지만 `{namespace}` 네임스페이스는 아니에요. 역할에 포함된 네임스페이스를 지정하거나 관리자에게 요청해 주세요.",
        "en": "<@{user}>'s roles ({roles}) allow `{intent}`, but not in namespace `{namespace}`. "
        "Name a namespace your role covers, or ask an admin.",
    },
    # --- confirmation ---------------------------------------------------------------------
    "confirm.title": {"ko": "확인해 주세요: `{namespace}/{app}` {intent}", "en": "Please confirm: {intent} `{namespace}/{app}`"},
    "confirm.by": {
        "ko": "<@{user}>님의 요청 · {minutes}분 안에 확인하지 않으면 만료돼요.",
        "en": "Requested by <@{user}> · expires in {minutes} min if nobody confirms.",
    },
    "confirm.restart": {"ko": "모든 파드를 차례로 새로 띄워요 (rolling restart).",
                        "en": "Every pod is replaced one by one (rolling restart)."},
    "confirm.replicas": {"ko": "레플리카", "en": "Replicas"},
    "confirm.image": {"ko": "이미지", "en": "Image"},
    "confirm.revision": {"ko": "리비전", "en": "Revision"},
    "confirm.confirm": {"ko": "확인", "en": "Confirm"},
    "confirm.rollback": {"ko": "롤백 확인", "en": "Confirm rollback"},
    "confirm.cancel": {"ko": "취소", "en": "Cancel"},
    "confirm.noop": {
        "ko": "`{namespace}/{app}`은(는) 이미 그 상태라 바꿀 것이 없어요. `/klepaas status {app}`로 확인해 보세요.",
        "en": "`{namespace}/{app}` is already like that, so there is nothing to change. "
        "Check it with `/klepaas status {app}`.",
    },
    "click.expired": {"ko": "이 확인 요청은 만료됐어요. 명령을 다시 실행해 주세요.",
                      "en": "This confirmation expired. Run the command again to get a new one."},
    "click.used": {"ko": "이미 <@{user}>님이 처리했어요. 결과는 위 메시지에서 확인해 주세요.",
                   "en": "Already done by <@{user}>. The result is in the message above."},
    "click.cancelled": {"ko": "<@{user}>님이 이미 취소했어요. 필요하면 명령을 다시 실행해 주세요.",
                        "en": "<@{user}> already cancelled this. Run the command again if it is still needed."},
    "click.missing": {"ko": "이 확인 요청을 찾을 수 없어요. 명령을 다시 실행해 주세요.",
                      "en": "I can't find this confirmation any more. Run the command again."},
    "cancelled": {
        "ko": "<@{user}>님이 취소했어요: `{namespace}/{app}` {intent}는 실행되지 않았어요. 필요하면 명령을 다시 실행해 주세요.",
        "en": "Cancelled by <@{user}>: {intent} `{namespace}/{app}` was not run. Run the command again if needed.",
    },
    # --- rollout --------------------------------------------------------------------------
    "rollout.progress": {
        "ko": ":hourglass_flowing_sand: `{namespace}/{app}` {intent} 진행 중 (<@{user}>님 확인): 새 파드 {updated}/{desired}, 준비 {ready}/{desired}",
        "en": ":hourglass_flowing_sand: {intent} `{namespace}/{app}` rolling out (confirmed by <@{user}>): "
        "{updated}/{desired} updated, {ready}/{desired} ready",
    },
    "rollout.succeeded": {
        "ko": ":white_check_mark: `{namespace}/{app}` {intent} 완료: 리비전 {revision}, 이미지 `{image}`, {seconds}초 걸렸어요. 문제가 있으면 아래 롤백 버튼을 누르세요.",
        "en": ":white_check_mark: {intent} `{namespace}/{app}` done: revision {revision}, image `{image}`, "
        "took {seconds} s. Use Rollback below if something is wrong.",
    },
    "rollout.failed": {
        "ko": ":x: `{namespace}/{app}` {intent} 실패: {reason}. 아래 롤백 버튼으로 되돌리거나 로그를 확인해 주세요.",
        "en": ":x: {intent} `{namespace}/{app}` failed: {reason}. Roll back with the button below, or check the logs.",
    },
    "rollout.timed_out": {
        "ko": ":warning: `{namespace}/{app}` {intent}가 {seconds}초가 지나도 끝나지 않았어요 ({message}). `/klepaas status {app}`로 확인해 주세요.",
        "en": ":warning: {intent} `{namespace}/{app}` is still not done after {seconds} s ({message}). "
        "I stopped watching; check `/klepaas status {app}`.",
    },
    "rollout.crashing": {"ko": "문제 있는 파드: {pods}", "en": "Pods in trouble: {pods}"},
    "rollout.rollback": {"ko": "롤백", "en": "Rollback"},
    "rollout.logs": {"ko": "로그", "en": "Logs"},
    "apply.failed": {"ko": ":x: `{namespace}/{app}` {intent}를 하지 못했어요.", "en": ":x: {intent} `{namespace}/{app}` did not go through."},
    # --- queries --------------------------------------------------------------------------
    "status.title": {"ko": "`{namespace}/{app}`: 준비 {ready}/{desired}", "en": "`{namespace}/{app}`: {ready}/{desired} ready"},
    "logs.title": {"ko": "`{namespace}/{app}` 로그 (파드 `{pod}`, 컨테이너 `{container}`)",
                   "en": "Logs of `{namespace}/{app}` (pod `{pod}`, container `{container}`)"},
    "logs.previous": {"ko": "크래시 전 컨테이너의 로그예요.", "en": "These are the logs of the previous (crashed) container."},
    "logs.trimmed": {
        "ko": "마지막 {shown}자만 보여요 (전체 {total}자). 전체 로그는 이 메시지의 스레드에 있어요.",
        "en": "Showing the last {shown} of {total} characters; the full text is in this message's thread.",
    },
    "logs.part": {"ko": "`{pod}` 전체 로그 {part}/{parts}", "en": "Full logs of `{pod}`, part {part}/{parts}"},
    "logs.part_cut": {
        "ko": "`{pod}` 로그가 너무 길어서 마지막 {shown}자만 실었어요. 전체는 `kubectl logs {pod} -n {namespace}`로 보세요.",
        "en": "The logs of `{pod}` are too long; the last {shown} characters are here. "
        "See everything with `kubectl logs {pod} -n {namespace}`.",
    },
    "logs.empty": {"ko": "(로그 없음)", "en": "(no log lines)"},
    "endpoint.title": {"ko": "`{namespace}/{app}`에 접속하는 방법", "en": "How to reach `{namespace}/{app}`"},
    "endpoint.none": {
        "ko": "`{namespace}/{app}` 앞에 Service나 Ingress가 없어요. `kubectl expose`로 Service를 만들어 주세요.",
        "en": "Nothing exposes `{namespace}/{app}`: no Service or Ingress. Create a Service with `kubectl expose`.",
    },
    "overview.title": {"ko": "`{namespace}` 한눈에 보기", "en": "`{namespace}` at a glance"},
    "overview.healthy": {"ko": "모두 정상이에요.", "en": "Everything is healthy."},
    "overview.unready": {"ko": "준비 안 된 파드", "en": "Pods not ready"},
    "overview.warnings": {"ko": "최근 경고", "en": "Recent warnings"},
    "list.title": {"ko": "{kind} ({where})", "en": "{kind} ({where})"},
    "list.paged": {
        "ko": "{total}개 중 {shown}개만 보여요. `-n <네임스페이스>`로 범위를 좁히거나 `kubectl get {kind}`로 전체를 보세요.",
        "en": "{shown} of {total} shown. Narrow it with `-n <namespace>`, or see all with `kubectl get {kind}`.",
    },
    "list.empty": {"ko": "{where}에 {kind}이(가) 없어요.", "en": "No {kind} in {where}."},
    "list.cluster": {"ko": "클러스터 전체", "en": "whole cluster"},
    # --- cluster errors -------------------------------------------------------------------
    "error.app_not_found": {
        "ko": "`{namespace}` 네임스페이스에 `{app}` 앱이 없어요. `/klepaas list apps -n {namespace}`로 확인해 보세요.",
        "en": "There is no app `{app}` in `{namespace}`. See the apps with `/klepaas list apps -n {namespace}`.",
    },
    "error.app_closest": {
        "ko": "`{namespace}` 네임스페이스에 `{app}` 앱이 없어요. 혹시 아래 중 하나인가요?",
        "en": "There is no app `{app}` in `{namespace}`. Did you mean one of these?",
    },
    "error.not_found": {
        "ko": "Kubernetes에서 {what}을(를) 찾지 못했어요. 이름과 `-n` 네임스페이스를 확인해 주세요.",
        "en": "Kubernetes has no {what}. Check the name and the namespace (`-n`).",
    },
    "error.forbidden": {
        "ko": "봇에 `{resource}`{group} `{verb}` 권한이 없어요 (네임스페이스 `{namespace}`). 클러스터 관리자에게 봇의 ServiceAccount Role에 추가해 달라고 요청해 주세요.",
        "en": "The bot may not `{verb}` `{resource}`{group} in namespace `{namespace}` (Kubernetes RBAC). "
        "Ask a cluster admin to add it to the bot's ServiceAccount Role.",
    },
    "error.conflict": {"ko": "다른 누군가가 동시에 `{name}`을(를) 바꿨어요. 명령을 다시 실행해 주세요.",
                       "en": "Someone changed `{name}` at the same moment. Run the command again."},
    "error.invalid": {"ko": "Kubernetes가 변경을 거부했어요: {message}. 값을 고쳐서 다시 시도해 주세요.",
                      "en": "Kubernetes refused this: {message}. Fix the value and try again."},
    "error.unreachable": {
        "ko": "Kubernetes API에 연결할 수 없어요 ({reason}). 잠시 후 다시 시도하고, 계속되면 `klepaas check`로 연결을 확인해 주세요.",
        "en": "I can't reach the Kubernetes API ({reason}). Try again in a minute; if it persists, "
        "check the connection with `klepaas check`.",
    },
    "error.unconfigured": {"ko": "Kubernetes 접속 설정이 없어요 ({reason}). `KUBECONFIG`를 설정해 주세요.",
                           "en": "Kubernetes is not configured ({reason}). Set `KUBECONFIG`, or run me inside the cluster."},
    "error.timeout": {"ko": "Kubernetes API가 {seconds}초 안에 답하지 않았어요. 잠시 후 다시 시도해 주세요.",
                      "en": "The Kubernetes API did not answer within {seconds} s. Try again in a moment."},
    "error.paused": {
        "ko": "`{namespace}/{app}`은(는) 일시정지(paused) 상태라 재시작·롤백할 수 없어요. 먼저 `kubectl rollout resume deployment/{app} -n {namespace}`를 실행해 주세요.",
        "en": "`{namespace}/{app}` is paused, so it can't be restarted or rolled back. "
        "Run `kubectl rollout resume deployment/{app} -n {namespace}` first.",
    },
    "error.no_revision": {
        "ko": "리비전 {revision}은(는) `{app}` 이력에 없어요. 가능한 리비전: {available}. `/klepaas rollback {app} --to N`으로 다시 시도해 주세요.",
        "en": "Revision {revision} is not in the history of `{app}`. Available: {available}. "
        "Try `/klepaas rollback {app} --to N`.",
    },
    "error.no_previous": {
        "ko": "`{app}`에는 되돌릴 이전 리비전이 없어요. `/klepaas status {app}`로 현재 상태를 확인해 주세요.",
        "en": "`{app}` has no earlier revision to roll back to. Check it with `/klepaas status {app}`.",
    },
    "error.ambiguous_container": {
        "ko": "`{app}`에는 컨테이너가 여럿 있어요 ({containers}). 어느 것인지 알 수 없어서 멈췄어요. 이미지 변경은 `kubectl set image`로 해 주세요.",
        "en": "`{app}` runs several containers ({containers}) and I can't tell which one is meant. "
        "Use `kubectl set image deployment/{app} <container>=<image>` for this one.",
    },
    "error.container_not_found": {
        "ko": "컨테이너 `{container}`이(가) 없어요. 가능한 컨테이너: {containers}.",
        "en": "There is no container `{container}`. Pick one of: {containers}.",
    },
    "error.no_pods": {
        "ko": "`{namespace}/{app}`에 파드가 없어요. `/klepaas scale {app} 1`로 늘리거나 `/klepaas status {app}`를 확인해 주세요.",
        "en": "`{namespace}/{app}` has no pods. Scale it up with `/klepaas scale {app} 1`, or check `/klepaas status {app}`.",
    },
    "error.missing_argument": {"ko": "`{intent}`에는 `{argument}` 값이 필요해요. 예: `/klepaas help`",
                               "en": "`{intent}` needs `{argument}`. See examples with `/klepaas help`."},
    "error.malformed": {"ko": "Kubernetes의 응답을 이해하지 못했어요 ({model}). 잠시 후 다시 시도해 주세요.",
                        "en": "I couldn't read the Kubernetes API's answer ({model}). Try again in a moment."},
    "error.cluster": {"ko": "Kubernetes 요청이 실패했어요. 잠시 후 다시 시도해 주세요.",
                      "en": "The Kubernetes request failed. Try again in a moment."},
    "error.no_cluster": {
        "ko": "Kubernetes 클러스터에 연결되어 있지 않아요. `KUBECONFIG`를 설정하거나 클러스터 안에서 실행해 주세요.",
        "en": "I'm not connected to a Kubernetes cluster. Set `KUBECONFIG`, or run me inside the cluster.",
    },
    "error.bad_button": {"ko": "이 버튼의 값을 이해하지 못했어요. 명령을 직접 입력해 주세요.",
                         "en": "I couldn't read this button. Type the command instead, e.g. `/klepaas status <app>`."},
}


def say(key: str, lang: Language, **values: object) -> str:
    """One sentence in `lang`, with every value mrkdwn-escaped."""
    entry = WORDING[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**{name: mrkdwn(value) for name, value in values.items()})
