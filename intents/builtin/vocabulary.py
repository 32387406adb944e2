"""
More Korean words for the English words app names are made of, by meaning or by sound.

glossary.py holds the first table; this one widens it to the vocabulary of services
people run (commerce, payments, games, media, infrastructure) and to Korean agent
nouns ("발급기" issuer, "처리기" processor, "계산기" calculator), which name what an
app does. Entries are words, never whole app names, so new apps built from common
words resolve without being listed here.
"""

from __future__ import annotations

_TABLE = """
지갑=wallet|월렛=wallet|사기=fraud|사기탐지=fraud,scorer,detector|부정거래=fraud|이상거래=fraud,anomaly|탐지=detector,detection,scorer
탐지기=detector|점수=score,scorer|스코어=score,scorer|신용=credit|신용평가=credit,scorer|평가=scorer,score,rating|환율=fx,rates,rate,exchange,currency
환전=fx,exchange|환불=refund,refunds|처리기=processor,handler|프로세서=processor|발급기=issuer|발급=issuer,issue
쿠폰발급기=coupon,issuer|계산기=calculator,calc|계산=calculator,calc|가격=price,pricing|세금=tax|추적기=tracker|추적=tracker,tracking,trail,trace|감사=audit|배송추적=shipping,tracker
발송기=sender|발송=sender,send|전송기=sender,shipper|전송=sender,shipper,transfer|송금=transfer,remittance,payout|지급=payout,payouts|출금=payout,withdrawal
정산=settlement,billing|원장=ledger|장부=ledger|기록기=writer,logger|작성기=writer|쓰기=writer|감사로그=audit,logger|로거=logger
본인인증=kyc,verifier,otp|검증기=verifier,validator|검증=verifier,validation,validator|인증번호=otp|일회용=otp|비밀번호=password
게임=game,games|로비=lobby|매치=match|매칭=matchmaker,matching,matcher|매치메이커=matchmaker|매치메이킹=matchmaker,matchmaking|랭킹=ranking,leaderboard,rank
순위=ranking,leaderboard|리더보드=leaderboard|리더=leader|보드=board|길드=guild|클랜=clan,guild|시즌=season|시즌패스=season,pass|패스=pass
가챠=gacha|뽑기=gacha|토너먼트=tournament|대회=tournament|플레이어=player|선수=player|프로필=profile|프로파일=profile|리플레이=replay|녹화=replay,recording
안티치트=anti,cheat|치트=cheat|채팅=chat|릴레이=relay|중계=relay|중계기=relay|세션=session|세션스토어=session,store|저장소=store,storage,repo
보관소=store,archive|패치=patch|패치서버=patch,server|업데이트서버=patch,update|상점=shop,store|스토어프론트=storefront|매장=store|가게=shop,store
프로모션=promo,promotion|프로모=promo|엔진=engine|이벤트=event,events|보상=reward,rewards|적립=points,loyalty|포인트=points,point,loyalty
로열티=loyalty|멤버십=membership,loyalty|구독=subscription|결제게이트웨이=payment,gateway|카드=card|은행=bank|계좌=account
주문=order,orders|라우터=router|라우팅=router,routing|분배기=router,dispatcher|디스패처=dispatcher|웹훅=webhook|훅=hook,webhook|콜백=callback
재고=inventory,stock|동기화=sync|싱크=sync|리뷰=review,reviews|후기=review,reviews|추천=recommendation,recommender,recommend|검색=search
색인=indexer,index|인덱서=indexer|인덱스=index,indexer|인덱싱=indexer,indexing|상품=product,catalog|장바구니=cart|체크아웃=checkout
상태페이지=status,page|페이지=page|현황판=status,dashboard|문서=docs,doc|에이피아이문서=api,docs|그래프큐엘=graphql|그래프=graph,graphql
피처=feature|피쳐=feature|플래그=flags,flag|피처플래그=feature,flags|토글=toggle,flags|설정서버=config,server
스케줄러=scheduler|스케쥴러=scheduler|예약작업=scheduler,cron|잡=job,jobs|작업=job,jobs,worker,task|배치=batch|일괄=batch
수집기=collector|수집=collector,collect|이벤트수집기=event,collector|로그수집기=log,collector,shipper|로그전송기=log,shipper|쉬퍼=shipper
속도제한=rate,limiter|제한기=limiter|리미터=limiter|레이트리미터=rate,limiter|처리율=rate|요율=rate,rates
캐시퍼저=cdn,purger|퍼저=purger|퍼지=purge,purger|씨디엔=cdn|이미지=image,images|리사이저=resizer|리사이즈=resizer,resize|썸네일=thumbnail,resizer
크기조정=resizer|변환=converter,transcoder|변환기=converter|인코더=encoder|트랜스코더=transcoder|업로더=uploader|다운로더=downloader
푸시=push|알리미=notifier|노티파이어=notifier|알림=notification,notifier,notify,noti,alert|허브=hub|알림허브=notification,hub
이메일=email|메일=mail,email|발신=sender|문자=sms,message|에스엠에스=sms|카톡=kakao|메신저=messenger
관리=admin,management|콘솔=console|관리자=admin|어드민=admin|백오피스=backoffice,admin|대시=dashboard
사용자=user,users|유저=user,users|회원=member,user,account|계정=account,accounts|고객=customer|프로필서비스=profile
인증=auth,authentication,identity|인가=authz|게이트웨이=gateway|관문=gateway|프록시=proxy|로드밸런서=lb,balancer
서비스=service,svc|서버=server,srv|웹=web|프론트=front,frontend|백엔드=backend|워커=worker|데몬=daemon|에이전트=agent
스토리지=storage|디비=db|데이터=data|데이터베이스=db,database|큐=queue|메시지큐=queue,mq|브로커=broker|스트림=stream|파이프라인=pipeline
분석=analytics|통계=stats,analytics|지표=metrics|메트릭=metrics|로그=log,logs|감사로거=audit,logger|모니터=monitor|헬스체크=healthcheck,health
번역=translation,translate,i18n|지도=map,maps|위치=location,geo|날씨=weather|영상=video|동영상=video|스트리밍=streaming,stream|음악=music
라이브=live|방송=broadcast,live|채널=channel|피드=feed|타임라인=timeline|댓글=comment,comments|팔로우=follow
예약=booking,reservation|티켓=ticket,tickets|좌석=seat,seats|호텔=hotel|항공=flight|배달=delivery|배송=shipping,delivery|물류=logistics
멤버=member|코인=coin|뱅크=bank|뱅킹=banking|팀=team|룸=room|봇=bot|맵=map|샵=shop|숍=shop|북=book|톡=talk|링크=link
노트=note,notes|폼=form|뷰=view|키=key,keys|박스=box|랩=lab|콜=call|벨=bell|딜=deal,deals|팬=fan|펀드=fund|론=loan|보험=insurance
인보이스=invoice|제너레이터=generator|생성기=generator,gen|생성=generator|트래커=tracker|딜리버리=delivery
프라이싱=pricing|컨피그=config|설정서비스=config|로그인=login|랭킹보드=ranking,board|포인트원장=point,ledger
아이템=item,items|인벤토리=inventory|퀘스트=quest,quests|우편=mail,mailbox|우편함=mailbox,mail|레이드=raid|아레나=arena|출석=attendance,checkin
친구=friend,friends|파티=party|음성=voice|보이스=voice|캐시=cache,cash|반품=return,returns|교환=exchange|찜=wishlist|위시리스트=wishlist
판매자=seller,sellers|셀러=seller|파트너=partner,partners|배너=banner,banners|공지=notice,notices|상담=support,cs|고객센터=support,cs,helpdesk
문의=inquiry,support|대출=loan,loans|자금세탁=aml|주식=stock,stocks|거래=trade,trading,transaction,transactions|트레이드=trade
시세=quote,quotes,price,ticker|마켓=market|시장=market|입금=deposit|예금=deposit|이자=interest|한도=limit,limits|자막=subtitle,subtitles
플레이리스트=playlist|팟캐스트=podcast|스토리=story,stories|트레이서=tracer,tracing|추적기록=trace,tracing|메일러=mailer|이벤트버스=event,bus
버스=bus|파이프=pipe,pipeline|백업=backup|아카이브=archive|마이그레이션=migration,migrator|포털=portal|소켓=socket|웹소켓=websocket,ws
실시간=realtime|토큰=token,tokens|아이디=id,identity|신원=identity|본인확인=identity,kyc,verifier|주소록=contacts|연락처=contacts
일정관리=calendar|캘린더=calendar|달력=calendar|결제대행=pg,payment|송장=invoice|견적=quote,estimate|환급=refund|기프트=gift|선물=gift
상품권=voucher,gift|바우처=voucher|멤버십=membership|등급=tier,grade|레벨=level|경험치=exp,xp|업적=achievement,achievements|매칭서버=match,server
방송국=broadcast|녹화기=recorder|인코딩=encoder,encoding|썸네일러=thumbnailer|미리보기=preview|공유=share,sharing|링크단축=shortener,link
단축=shortener|번역기=translator|음성인식=stt,speech|합성=tts,synth|챗봇=chatbot,bot|상담봇=chatbot,bot|모더레이터=moderator|검열=moderator,filter
필터=filter|스팸=spam|차단=block,blocker|방화벽=firewall|감시=watcher,monitor|와처=watcher|헬스=health|핑=ping|프로브=probe
대기열=queue,waiting|게이트=gate|티켓부스=ticket,booth|부스=booth|굿즈=merch,goods|머치=merch|감시기=watcher,monitor
조직도=org,chart|조직=org|차트=chart|직원=employee,staff|급여=payroll|휴가=vacation,leave|경비=expense,expenses
배차=ride,dispatch,dispatcher|운행=trip,drive|이력=history|여정=trip,journey|도착=arrival,eta|예측=predictor,prediction,forecast
예측기=predictor|모델=model|정산기=settler,settlement|요금=fare,price|운전자=driver|기사=driver|승객=rider,passenger
카드승인=card,auth|명세서=statement,statements|명세=statement|내역서=statement|검사기=checker,validator
체커=checker|한도체커=limit,checker|시세=quotes,quote,price,ticker|환율시세=fx,quotes
청구=billing,invoice|청구서=invoice|영수증=receipt|세금계산=tax,calculator|회계=accounting
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    entries: dict[str, tuple[str, ...]] = {}
    for line in table.split():
        for item in line.split("|"):
            word, _, english = item.partition("=")
            if word and english:
                entries[word] = tuple(e for e in english.split(",") if e)
    return entries


KOREAN: dict[str, tuple[str, ...]] = _parse(_TABLE)
