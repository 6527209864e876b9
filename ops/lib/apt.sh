# apt_install PACKAGE...: installs Debian packages, waiting (up to 10 minutes) for another apt or dpkg
# run to finish instead of failing at once on its lock. Sourced by the scripts that install.
#
# apt-get install waits for the dpkg lock with DPkg::Lock::Timeout; apt 2.6's `apt-get update` ignores
# that option for the package lists lock (measured: it fails in 0.7 s), so update retries on that error.
APT_LOCK_TIMEOUT=600

apt_install() {
  local sudo_cmd="" deadline=$(( $(date +%s) + APT_LOCK_TIMEOUT )) output
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  until output=$($sudo_cmd apt-get -o DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT update -qq 2>&1); do
    if ! grep -q 'Could not get lock' <<<"$output" || (( $(date +%s) > deadline )); then
      printf '%s\n' "$output" >&2; return 1
    fi
    sleep 2
  done
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get -o DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT \
    install -y -qq --no-install-recommends "$@" >/dev/null
}
