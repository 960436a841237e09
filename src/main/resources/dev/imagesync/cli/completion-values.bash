
# imagesync: values picocli's completion above does not know, asked at the moment of completing.
# Registries: the hosts docker's config.json holds logins for ($DOCKER_CONFIG or ~/.docker: auths,
# credHelpers), and the keys of an --auth file on the line; platforms for --platform and --arch.
_imagesync_registries() {
  local f="${DOCKER_CONFIG:-$HOME/.docker}/config.json" i
  if [ -r "$f" ]; then
    tr ',{}' '\n\n\n' < "$f" | sed -n 's/^[[:space:]]*"\([^"]*\)"[[:space:]]*:.*$/\1/p' \
      | sed -e 's#^https\{0,1\}://##' -e 's#/.*$##' | grep -E '^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?$|^[A-Za-z0-9.-]+:[0-9]+$'
  fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [ "${COMP_WORDS[i]}" = "--auth" ] && [ -r "${COMP_WORDS[i+1]}" ]; then
      sed -n 's#^\([A-Za-z0-9.-]\{1,\}\(:[0-9]\{1,\}\)\{0,1\}\)\(/[^:]*\)\{0,1\}:[[:space:]]*$#\1#p' "${COMP_WORDS[i+1]}"
    fi
  done
}

_imagesync_complete() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="${COMP_WORDS[1]}"
  case "$prev" in
    --platform)
      COMPREPLY=($(compgen -W "linux/amd64 linux/arm64 linux/arm64/v8 linux/arm/v7 linux/arm/v6 linux/386 linux/ppc64le linux/s390x linux/riscv64 windows/amd64 all" -- "$cur"))
      return ;;
    --arch)
      COMPREPLY=($(compgen -W "amd64 arm64 arm/v7 arm/v6 386 ppc64le s390x riscv64 linux/amd64 linux/arm64 windows/amd64" -- "$cur"))
      return ;;
    --to|--insecure-registry)
      COMPREPLY=($(compgen -W "$(_imagesync_registries | sort -u)" -- "$cur"))
      return ;;
  esac
  if [ "$COMP_CWORD" -eq 2 ] && [ "${cur#-}" = "$cur" ]; then
    case "$cmd" in
      login|logout)
        COMPREPLY=($(compgen -W "$(_imagesync_registries | sort -u)" -- "$cur"))
        return ;;
      ls|inspect|tag|delete)
        compopt -o nospace 2>/dev/null
        COMPREPLY=($(compgen -W "$(_imagesync_registries | sort -u | sed 's#$#/#')" -- "$cur"))
        return ;;
    esac
  fi
  _complete_imagesync "$@"
}
complete -F _imagesync_complete -o default imagesync
