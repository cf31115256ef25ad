#!/usr/bin/env bash
# The demo (`make demo`): a compliance officer's day with the two bundled example vendors.
#   lotus-networks  core-network manufacturer, parent in CN: many obligations, answers with findings
#   nordantenna     EU antenna supplier, no critical functions: few obligations, compliant answers
#   beispiel-mobilfunk  5G operator with increased threat potential: its own duties and what it
#                   collects from its manufacturer; compliant answers
# Everything is written under output/. Exit codes 1 (non-compliant) are expected where noted.
set -euo pipefail
cd "$(dirname "$0")/.."
C=.venv/bin/compliance
PY=.venv/bin/python
AS_OF="${AS_OF:-2026-03-01}"
LOTUS=examples/lotus-networks
NORD=examples/nordantenna
OPER=examples/beispiel-mobilfunk
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
expect_no() { printf '\n\033[1m$ %s\033[0m   (exit 1 expected)\n' "$*"; if "$@"; then echo "expected exit 1" >&2; exit 1; fi; }

# 1. The rules: valid, tested against their fixtures, how sure they are (provenance), and how the law
#    moved for this vendor and for an operator (new wording of § 165(2) and § 168 TKG on 2025-12-06).
step $C rules validate
step $C rules test
step $C rules audit --as-of 2026-11-26
step $C profile validate $LOTUS/profile.yaml
step $C profile validate $OPER/profile.yaml
step $C rules list --as-of 2022-06-01 --profile $LOTUS/profile.yaml
step $C rules list --as-of "$AS_OF" --profile $LOTUS/profile.yaml
step $C rules diff --from 2022-06-01 --to "$AS_OF" --profile $LOTUS/profile.yaml
step $C rules diff --from 2025-12-05 --to 2025-12-06 --profile $OPER/profile.yaml
# ... at a glance: the vendor's rules over time (the § 9b years, the NIS2 switch, the certification
#     start), and what falls due as a calendar (exit 1: an expired certificate and waivers).
step $C rules timeline --profile $LOTUS/profile.yaml --as-of "$AS_OF"
expect_no $C due examples --as-of 2026-11-26 --format ics

# 2. Documents to send out: checklists and attestation forms, German (authoritative) and English.
for vendor in lotus-networks nordantenna; do
  for lang in de en; do
    step $C checklist examples/$vendor/profile.yaml --as-of "$AS_OF" --lang $lang
    step $C attestation examples/$vendor/profile.yaml --as-of 2022-06-01 --lang $lang
  done
done
step $C attestation $LOTUS/profile.yaml --as-of 2022-06-01 --fillable
step $C answers-template $LOTUS/profile.yaml --as-of "$AS_OF"
step $C checklist $OPER/profile.yaml --as-of "$AS_OF" --lang en
# ... and for office users: the questionnaire as an Excel workbook, checklist and attestation in Word.
step $C answers-template $LOTUS/profile.yaml --as-of "$AS_OF" --format xlsx --lang de
step $C checklist $LOTUS/profile.yaml --as-of "$AS_OF" --format docx
step $C attestation $LOTUS/profile.yaml --as-of 2022-06-01 --format docx --lang en

# 3. Answers come back: check them (Lotus: one finding of each kind; Nordantenna: compliant).
expect_no $C check $LOTUS/profile.yaml $LOTUS/answers.yaml --as-of "$AS_OF" --evidence-dir $LOTUS/evidence
step $C check $NORD/profile.yaml $NORD/answers.yaml --as-of 2026-10-01 --evidence-dir $NORD/evidence
step $C check $OPER/profile.yaml $OPER/answers.yaml --as-of "$AS_OF" --evidence-dir $OPER/evidence

# 4. File attestation packs and verify them; a forged copy is caught.
expect_no $C pack $LOTUS/profile.yaml $LOTUS/answers.yaml --evidence-dir $LOTUS/evidence --as-of "$AS_OF"
step $C pack $NORD/profile.yaml $NORD/answers.yaml --evidence-dir $NORD/evidence --as-of 2026-10-01 --lang en
step $C verify output/nordantenna/pack-en-2026-10-01.pdf
step $C verify output/lotus-networks/pack-de-$AS_OF.pdf
step $PY scripts/tamper_pack.py output/lotus-networks/pack-de-$AS_OF.pdf output/lotus-networks/forged.pdf --flip answers.json
expect_no $C verify output/lotus-networks/forged.pdf

# 5. Sign: the vendor signs its pack in one step, the operator countersigns; verify trusts the
#    (demo) CA; a copy changed after signing is caught, naming the signatures.
KEYS=output/demo-keys
step $PY scripts/demo_keys.py $KEYS
step $C pack $NORD/profile.yaml $NORD/answers.yaml --evidence-dir $NORD/evidence --as-of 2026-10-01 --lang en \
  -o output/nordantenna/pack-signed.pdf --sign $KEYS/vendor.p12 --passphrase-file $KEYS/passphrase.txt --location Stockholm
step $C sign output/nordantenna/pack-signed.pdf --key $KEYS/operator.p12 --passphrase-file $KEYS/passphrase.txt \
  --reason "Countersigned by the operator"
step $C verify output/nordantenna/pack-signed.pdf --trust $KEYS/ca.pem --require-signature
step $PY scripts/tamper_pack.py output/nordantenna/pack-signed.pdf output/nordantenna/forged-signed.pdf --flip answers.json --incremental
expect_no $C verify output/nordantenna/forged-signed.pdf --trust $KEYS/ca.pem

printf '\n\033[1mDone.\033[0m Documents and packs are in output/.\n'
