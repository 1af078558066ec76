#!/bin/bash
# check-layering.sh SOURCE_ROOT
#
# The layering of design.md, checked on the sources (the build enforces it
# too: core and the sandbox get no GTK include path):
#   - src/core includes no GTK, GDK, libadwaita or sandbox header;
#   - src/sandbox includes no GTK, GDK, libadwaita or core header
#     (every project header it includes is a ferry-sandbox one).
set -u
root=${1:?usage: check-layering.sh SOURCE_ROOT}
status=0

gui='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|gsk/|adwaita\.h|adw-|libadwaita)'

report() {
  echo "layering: $1" >&2
  echo "$2" >&2
  status=1
}

if hits=$(grep -rnE "$gui" "$root/src/core" --include='*.[ch]'); then
  report "src/core must not include GTK or libadwaita headers:" "$hits"
fi
if hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"ferry-sandbox' "$root/src/core" --include='*.[ch]'); then
  report "src/core must not include sandbox headers:" "$hits"
fi
if hits=$(grep -rnE "$gui" "$root/src/sandbox" --include='*.[ch]'); then
  report "src/sandbox must not include GTK or libadwaita headers:" "$hits"
fi
if hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"ferry-' "$root/src/sandbox" --include='*.[ch]' \
          | grep -vE '#[[:space:]]*include[[:space:]]*"ferry-sandbox[a-z-]*\.h"'); then
  report "src/sandbox shares no code with core: it may include only ferry-sandbox headers:" "$hits"
fi

[ $status -eq 0 ] && echo "layering: ok"
exit $status
