#!/usr/bin/env bash
# Loads the example register through vanortctl: the partnerships of the two source
# documents (Linköping–Palo Alto; Lidköping's partners). Contact persons are fictional.
# Does nothing if the register already holds cities.
set -euo pipefail
CTL=${1:-vanortctl}

"$CTL" ping >/dev/null
if [ -n "$("$CTL" city list | tail -n +2)" ]; then
  echo "==> example data: the register already has cities; leaving it as it is"
  exit 0
fi
echo "==> loading example data"
q() { "$CTL" "$@" >/dev/null; }

q city add --name Linköping --country SE --region "Östergötland" --timezone Europe/Stockholm --population 165000 --website https://www.linkoping.se
q city add --name Lidköping --country SE --region "Västra Götaland" --timezone Europe/Stockholm --population 40000 --website https://lidkoping.se
q city add --name "Palo Alto" --country US --region California --timezone America/Los_Angeles --population 68000
q city add --name Kecskemét --country HU --region "Bács-Kiskun" --timezone Europe/Budapest --population 110000
q city add --name Utena --country LT --timezone Europe/Vilnius --population 25000
q city add --name Rockford --country US --region Illinois --timezone America/Chicago --population 148000
q city add --name Xindu --country CN --region "Chengdu, Sichuan" --timezone Asia/Shanghai --notes "Xindu District, Chengdu"
q city add --name Lusaka --country ZM --timezone Africa/Lusaka --notes "Lusaka City Council"
q city add --name Enschede --country NL --timezone Europe/Amsterdam
q city add --name Dalian --country CN --timezone Asia/Shanghai
q city add --name Heidelberg --country DE --timezone Europe/Berlin
q city add --name Münster --country DE --timezone Europe/Berlin

# Staff first: the reminders that agreements plan at once (a jubilee whose lead time has
# passed) reach the office's people by mail.
q association add --name "Palo Alto-föreningen" --city Linköping --partner-city "Palo Alto" --kind friendship-association
q association add --name "Neighbors Abroad" --city "Palo Alto" --partner-city Linköping --kind friendship-association
q association add --name "Internationella enheten Lidköping" --city Lidköping --kind municipal-department

q contact add --name "Anna Berg" --title "International coordinator" --unit "International office" --city Linköping \
  --email anna.berg@example.org --phone "+46 13 000 00 01" --language sv --staff true
q contact add --name "Erik Lind" --title Utvecklingsledare --unit Samhälle --association "Internationella enheten Lidköping" \
  --city Lidköping --email erik.lind@example.org --language sv --staff true
q contact add --name "Jordan Miller" --title Chair --association "Neighbors Abroad" --city "Palo Alto" \
  --email jordan.miller@example.org --language en

q agreement add --home Linköping --city "Palo Alto" --kind sister-city --since 1987 \
  --areas education,business,innovation,energy-and-climate,sustainable-urban-development,culture \
  --funding municipality --notes "Student exchange since 1986; Smart City Alliance with Enschede, Dalian, Heidelberg and Münster."
q agreement add --home Lidköping --city Kecskemét --kind twin-town --since 2004 \
  --areas education,elderly-and-disability-care,social-care,culture,sport,environment,tourism,business --funding municipality,eu
q agreement add --home Lidköping --city Utena --kind twin-town --since 1997 \
  --areas elderly-and-disability-care,education,social-care,culture,sport,environment,tourism,trade-and-small-industry --funding municipality,eu
q agreement add --home Lidköping --city Rockford --kind industrial-partnership --since 2006 \
  --areas business,education --funding municipality,swedish-american-foundation,eu
q agreement add --home Lidköping --city Xindu --kind none --since 2011 --until 2020 --status dormant \
  --funding municipality --notes "No active agreement or exchange."
q agreement add --home Lidköping --city Lusaka --kind municipal-partnership --since 2017 \
  --areas waste-management,citizen-dialogue,capacity-building --funding icld

# The 2014 update of the Rockford agreement: organisations became parties (the seeds give
# the year, not the day).
q agreement amend --agreement 4 --on 2014-01-01 \
  --summary "Avtalet uppdaterat: Skaraborgs 15 kommuner, Winnebago countys 16 kommuner, Belvidere, SwedishAmerican Health Systems och Sustain Dane ingår" \
  --organisations "Skaraborgs kommuner (15),Winnebago County (16 kommuner),The City of Belvidere,SwedishAmerican Health Systems,Sustain Dane"

q network add --name "Smart City Alliance" --members "Palo Alto,Linköping,Enschede,Dalian,Heidelberg,Münster" \
  --notes "Initiative with Palo Alto within the sister-city cooperation."

year=$(date +%Y)
q plan add --agreement 1 --title "Action plan Linköping–Palo Alto" --from "$year-01-01" --to "$((year + 1))-12-31"
q activity add --plan 1 --title "Report the student exchange to the municipal board" --owner "Anna Berg" --due "$((year + 1))-03-31"

day() { date -d "+$1 days" +%F; }
q visit add --city "Palo Alto" --direction outgoing --kind study --from "$(day 20)" --to "$(day 26)" \
  --association "Palo Alto-föreningen" --contact "Anna Berg" --participants 12 --purpose "Smart City study visit" --paid-by "each party"
q visit add --city Kecskemét --direction incoming --kind culture --from "$(day 45)" --to "$(day 49)" \
  --contact "Erik Lind" --participants 8 --purpose "Choir exchange" --cost "18 400,00" --currency SEK
q visit add --city Lusaka --direction outgoing --kind political --from "$(day 10)" --to "$(day 15)" \
  --contact "Erik Lind" --participants 3 --purpose "ICLD municipal partnership: waste management follow-up" --paid-by ICLD
# Each party pays its own costs: the choir visit's, split by who pays.
q cost add --visit 2 --payer "Lidköpings kommun" --amount "6 400,00" --item "programme and local transport"
q cost add --visit 2 --payer "Kecskemét" --amount "12 000,00" --item "travel"
q exchange add --city Kecskemét --direction outgoing --kind youth --title "Sommarläger i Kecskemét" \
  --from "$(day 200)" --to "$(day 209)" --association "Internationella enheten Lidköping" --contact "Erik Lind" \
  --participants 12 --leaders 2 --funding eu,municipality --grant-reference "ERASMUS-YOUTH-EXAMPLE-001"
q participant add --exchange 1 --name "Ella Svensson" --birth-date "$(date -d '-15 years' +%F)" \
  --guardian "Karin Svensson" --guardian-phone "+46 70 000 00 02" --consent photos --consent-date "$(date +%F)" --consent-by "Karin Svensson"
q participant add --exchange 1 --name "Omar Haddad" --birth-date "$(date -d '-30 years' +%F)" --role leader \
  --emergency-contact "Sara Haddad +46 70 000 00 03"
q grant add --funder EU --programme "Erasmus+ Youth exchanges (KA152)" --reference "ERASMUS-YOUTH-EXAMPLE-001" \
  --amount "186 400,00" --currency EUR --applied-on "$(day -30)" --decision-due "$(day 40)" --status applied \
  --exchange "Sommarläger i Kecskemét" --contact "Erik Lind"
q grant add --funder ICLD --programme "Kommunalt partnerskap" --reference "ICLD-LUSAKA-EXAMPLE" --amount 450000 \
  --applied-on "$(day -400)" --decided-on "$(day -300)" --reporting-due "$(day 60)" --status granted --visit 3 --contact "Erik Lind" \
  --notes "Avfallshantering med Lusaka; each party pays its own costs beyond the grant."
echo "==> example data loaded: $("$CTL" city list | tail -n +2 | wc -l) cities, $("$CTL" agreement list | tail -n +2 | wc -l) agreements"
