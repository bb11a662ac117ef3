# Sourced by every script: where the project keeps its tools and Jupyter data (inside the repo, not the user's home).
COMPANION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export COMPANION_ROOT
export COMPANION_TOOLS="$COMPANION_ROOT/.tools"
export JUPYTER_DATA_DIR="$COMPANION_ROOT/.tools/jupyter"
export PATH="$COMPANION_TOOLS:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
