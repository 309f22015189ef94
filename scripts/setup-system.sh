#!/usr/bin/env bash
# System packages the tests need, each installed only when missing, every step bounded in time.
set -euo pipefail
missing=()
# Java for HermiT (owlready2), behind `policy-kg check` and the submission gate.
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Virtuoso (virtuoso-t), the second external SPARQL engine of tests/test_remote_backends.py.
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
# Chromium and its driver, for the end-to-end browser tests (tests/test_browser*.py, Selenium).
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
# wrk, the HTTP load generator of the benchmarks (bench/load.py, tests/test_bench_smoke.py).
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-system: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "setup-system: need root to apt-get install ${missing[*]}" >&2; exit 1; fi
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
