{{/* Names -------------------------------------------------------------------------- */}}

{{- define "klepaas.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "klepaas.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "klepaas.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "klepaas.selectorLabels" -}}
app.kubernetes.io/name: {{ include "klepaas.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The bot's Pods (not the migration Job's): Deployment, Service and PDB select these. */}}
{{- define "klepaas.botSelectorLabels" -}}
{{ include "klepaas.selectorLabels" . }}
app.kubernetes.io/component: bot
{{- end }}

{{- define "klepaas.labels" -}}
helm.sh/chart: {{ include "klepaas.chart" . }}
{{ include "klepaas.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "klepaas.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "klepaas.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "klepaas.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "klepaas.configName" -}}
{{- printf "%s-config" (include "klepaas.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Namespaces the namespaced RBAC covers: rbac.namespaces, else the release namespace. */}}
{{- define "klepaas.rbacNamespaces" -}}
{{- $namespaces := .Values.rbac.namespaces | default (list .Release.Namespace) | uniq }}
{{- toYaml $namespaces }}
{{- end }}

{{- define "klepaas.defaultNamespace" -}}
{{- if .Values.config.defaultNamespace }}
{{- .Values.config.defaultNamespace }}
{{- else if and (not .Values.rbac.clusterWide) .Values.rbac.namespaces }}
{{- first .Values.rbac.namespaces }}
{{- else }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/* Secrets --------------------------------------------------------------------------- */}}

{{/* The inline secret settings that are set, as a YAML map: variable name -> value. */}}
{{- define "klepaas.inlineSecrets" -}}
{{- $all := dict
  "SLACK_BOT_TOKEN" .Values.slack.botToken
  "SLACK_SIGNING_SECRET" .Values.slack.signingSecret
  "SLACK_APP_TOKEN" .Values.slack.appToken
  "DATABASE_URL" .Values.database.url
  "REDIS_URL" .Values.redis.url
  "GEMINI_API_KEY" .Values.gemini.apiKey
  "OPENAI_API_KEY" .Values.openai.apiKey
  "KLEPAAS_ALERTMANAGER_TOKEN" .Values.alertmanager.token
  "GITHUB_WEBHOOK_SECRET" .Values.github.webhookSecret
  "KLEPAAS_DEPLOY_TOKEN" .Values.github.deployToken
}}
{{- $set := dict }}
{{- range $key, $value := $all }}
{{- if $value }}
{{- $_ := set $set $key (toString $value) }}
{{- end }}
{{- end }}
{{- toYaml $set }}
{{- end }}

{{/* The Secret holding the secret settings: the existing one, or the chart's. */}}
{{- define "klepaas.secretName" -}}
{{- default (include "klepaas.fullname" .) .Values.existingSecret.name }}
{{- end }}

{{/* Sorted variable names the bot gets from the Secret. */}}
{{- define "klepaas.secretKeys" -}}
{{- if .Values.existingSecret.name }}
{{- toYaml (.Values.existingSecret.keys | default list | uniq | sortAlpha) }}
{{- else }}
{{- toYaml (include "klepaas.inlineSecrets" . | fromYaml | keys | sortAlpha) }}
{{- end }}
{{- end }}

{{- define "klepaas.hasSecretKey" -}}
{{- if has .key (include "klepaas.secretKeys" .root | fromYamlArray) }}true{{ end }}
{{- end }}

{{/* PostgreSQL: an inline postgresql URL, or DATABASE_URL kept in the existing Secret. */}}
{{- define "klepaas.usesPostgres" -}}
{{- if .Values.existingSecret.name }}
{{- if has "DATABASE_URL" (.Values.existingSecret.keys | default list) }}true{{ end }}
{{- else if hasPrefix "postgresql" .Values.database.url }}true{{ end }}
{{- end }}

{{/* Checks that stop the render with one clear sentence. */}}
{{- define "klepaas.validate" -}}
{{- $inline := include "klepaas.inlineSecrets" . | fromYaml }}
{{- if and .Values.existingSecret.name $inline }}
{{- fail (printf "existingSecret.name is set, so the inline secret values must stay empty (found: %s); put them in the Secret %q instead." (keys $inline | sortAlpha | join ", ") .Values.existingSecret.name) }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (not (and (include "klepaas.hasSecretKey" (dict "root" . "key" "REDIS_URL")) (include "klepaas.usesPostgres" .))) }}
{{- fail (printf "replicaCount is %d, and several replicas must share one PostgreSQL and one Redis: set database.url to a postgresql URL and redis.url (or list DATABASE_URL and REDIS_URL in existingSecret.keys), or set replicaCount to 1." (int .Values.replicaCount)) }}
{{- end }}
{{- if and (eq .Values.mode "socket") (not (include "klepaas.hasSecretKey" (dict "root" . "key" "SLACK_APP_TOKEN"))) }}
{{- fail "mode is socket, which needs SLACK_APP_TOKEN: set slack.appToken (or list SLACK_APP_TOKEN in existingSecret.keys)." }}
{{- end }}
{{- end }}

{{/* RBAC ------------------------------------------------------------------------------ */}}

{{/* Least-privilege rules (PROTOCOLS.md §10): exactly what the bot's actions call. */}}
{{- define "klepaas.rbacRules" -}}
# Exactly the calls the bot makes (cluster/), nothing more; tests/chart/test_chart_on_a_real_server.py
# checks every verb with a SubjectAccessReview against a real API server.
# status, resolving an app, history, restart / deploy / rollback (a patch, dry run first)
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "patch"]
# scale (through the subresource, as kubectl scale)
- apiGroups: ["apps"]
  resources: ["deployments/scale"]
  verbs: ["patch"]
# rollback (find the revision), history and rollout detail
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["list"]
# status and logs: find the pods, read their logs
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
# overview: recent warnings
- apiGroups: [""]
  resources: ["events"]
  verbs: ["list"]
# endpoint and list_services / list_ingresses
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list"]
{{- if .Values.rbac.configChanges }}
# an alert's likely cause: when the ConfigMaps and Secrets its pods use last changed (metadata only is read)
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get"]
{{- end }}
{{- end }}

{{/* Pod pieces shared by the Deployment and the migration Job ------------------------- */}}

{{- define "klepaas.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "klepaas.containerSecurityContext" -}}
{{- toYaml .Values.securityContext }}
{{- end }}

{{- define "klepaas.scratchVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{- define "klepaas.scratchMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /data
{{- end }}
