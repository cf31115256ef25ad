#!/usr/bin/env bash
# The demo: what a compliance officer does for the bundled example vendors.
set -euo pipefail
cd "$(dirname "$0")/.."
C=.venv/bin/compliance
AS_OF="${AS_OF:-2026-03-01}"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step $C rules validate
step $C profile validate examples/lotus-networks/profile.yaml
step $C rules list --as-of 2022-06-01 --profile examples/lotus-networks/profile.yaml
step $C rules list --as-of "$AS_OF" --profile examples/lotus-networks/profile.yaml
step $C rules list --as-of "$AS_OF" --profile examples/nordantenna/profile.yaml
# Check the vendor's answers (exit 1: the example is made to show every kind of finding).
step $C check examples/lotus-networks/profile.yaml examples/lotus-networks/answers.yaml \
  --as-of "$AS_OF" --evidence-dir examples/lotus-networks/evidence || true

# Documents: checklists and attestation forms, German (authoritative) and English, both vendors.
for vendor in lotus-networks nordantenna; do
  for lang in de en; do
    step $C checklist examples/$vendor/profile.yaml --as-of "$AS_OF" --lang $lang
    step $C attestation examples/$vendor/profile.yaml --as-of 2022-06-01 --lang $lang
  done
done
step $C attestation examples/lotus-networks/profile.yaml --as-of 2022-06-01 --fillable
step $C answers-template examples/lotus-networks/profile.yaml --as-of "$AS_OF"
