#!/usr/bin/env bash
# Runs a command with KUBECONFIG pointing at a kubeconfig full of canary secrets (fresh random values each run) and
# COMPANION_CANARIES naming them, so scripts/run-notebooks.sh (and anything else that scans for COMPANION_CANARIES)
# fails on any canary in any executed notebook byte or output. Issue 8, "no leaked secrets".
#   scripts/hardening-canaries.sh bash scripts/run-notebooks.sh --source recording
# The canaries: a bearer token, a password, client certificate and key data (PEM, base64), exec-plugin args and env, and
# credentials inside a proxy-url. Every context points at a closed loopback port, so nothing can reach a real cluster.
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
dir="$(mktemp -d -t c80-hd-canary-XXXXXX)"
trap 'rm -rf "$dir"' EXIT
rnd() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
token="c80canary-token-$(rnd)"
password="c80canary-password-$(rnd)"
exec_arg="c80canary-exec-arg-$(rnd)"
exec_env="c80canary-exec-env-$(rnd)"
proxy_pass="c80canary-proxy-$(rnd)"
key_marker="c80canary-key-$(rnd)"
key_data="$(printf -- '-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n' "$key_marker" | base64 -w0)"
cert_marker="c80canary-cert-$(rnd)"
cert_data="$(printf -- '-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n' "$cert_marker" | base64 -w0)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
cat > "$dir/config" <<KC
apiVersion: v1
kind: Config
current-context: canary
clusters:
- name: closed
  cluster:
    server: https://127.0.0.1:$port
    proxy-url: http://admin:$proxy_pass@127.0.0.1:$port
contexts:
- name: canary
  context: {cluster: closed, user: token, namespace: demo}
- name: password
  context: {cluster: closed, user: basic}
- name: cert
  context: {cluster: closed, user: cert}
- name: exec
  context: {cluster: closed, user: exec}
users:
- name: token
  user:
    token: $token
- name: basic
  user:
    username: admin
    password: $password
- name: cert
  user:
    client-certificate-data: $cert_data
    client-key-data: $key_data
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: /bin/false
      args: ["--token=$exec_arg"]
      env:
      - name: SECRET
        value: $exec_env
      interactiveMode: Never
KC
export KUBECONFIG="$dir/config"
export COMPANION_CANARIES="$token,$password,$exec_arg,$exec_env,$proxy_pass,$key_marker,$key_data,$cert_marker,$cert_data${COMPANION_CANARIES:+,$COMPANION_CANARIES}"
"$@"
