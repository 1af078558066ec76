#!/bin/bash
# check-layering.sh SOURCE_ROOT
#
# The layering of design.md, checked on the sources (the build enforces it
# too: core and the sandbox get no GTK include path):
#   - src/core includes no GTK, GDK, libadwaita or sandbox header;
#   - src/sandbox includes no GTK, GDK, libadwaita or core header
#     (every project header it includes is a ferry-sandbox one);
#   - and where code lives: see the second half.
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

# Where code lives (issue 10, ARCHITECTURE.md):
#   - every src/ui/*.c calls GTK or libadwaita (GUI-free code belongs in
#     src/core); ferry-demo.c, the glue that runs the sandbox, excepted;
#   - src/ui has no file-scope mutable state: state lives in objects. The
#     GObject idiom of a class's properties[] / signals[] tables is allowed;
#   - one GObject type per .c file;
#   - no .c file over 1,600 lines (sandbox seed data up to 2,000).
for f in "$root"/src/ui/*.c; do
  case "$(basename "$f")" in ferry-demo.c) continue ;; esac
  if ! grep -qE '\b(gtk|adw|gdk)_[a-z_]+ *\(|\b(GTK|ADW|GDK)_[A-Z_]+|\b(Gtk|Adw|Gdk)[A-Z][A-Za-z]+' "$f"; then
    report "src/ui files call GTK or libadwaita; this one is GUI-free and belongs in src/core:" "$f"
  fi
done

# A file-scope "static" declaration that is no function (no parenthesis) and
# not const: a variable. Multi-line declarations start the same way.
if hits=$(grep -nE '^static[[:space:]]+[^(]*([=;]|\[[^]]*\][[:space:]]*[=;])' "$root"/src/ui/*.c \
          | grep -vE '^[^:]+:[0-9]+:static[[:space:]]+(const[[:space:]]|[A-Za-z_ ]+[[:space:]]+const[[:space:]])' \
          | grep -vE ':static[[:space:]]+(GParamSpec[[:space:]]*\*|guint[[:space:]]+)[a-z_]*(properties|signals)[[:space:]]*\[[A-Z_]+\];'); then
  report "src/ui keeps no file-scope mutable state (put it in an object):" "$hits"
fi

for f in $(find "$root/src" -name '*.c' | sort); do
  n=$(grep -cE '^G_DEFINE_(FINAL_|ABSTRACT_)?TYPE' "$f")
  if [ "$n" -gt 1 ]; then
    report "one GObject type per .c file; $n here:" "$f"
  fi
  lines=$(wc -l < "$f")
  limit=1600
  case "$(basename "$f")" in ferry-sandbox-seed*.c) limit=2000 ;; esac
  if [ "$lines" -gt "$limit" ]; then
    report "no .c file over $limit lines; $lines here:" "$f"
  fi
done

[ $status -eq 0 ] && echo "layering: ok"
exit $status
