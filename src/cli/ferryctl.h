/* ferryctl.h: what the commands of ferryctl share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferryctl links src/core only (no GTK): each command is a function over an
 * FctlContext, which holds the global options, the one main loop, the one
 * GCancellable (cancelled by SIGINT), the environments it knows and the
 * output conventions (JSON or human, terminal or not, colours).
 */
#pragma once

#include <glib/gi18n.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* The exit codes, as documented in ferryctl(1). */
typedef enum
{
  FCTL_EXIT_OK          = 0,
  FCTL_EXIT_FAILURE     = 1,
  FCTL_EXIT_USAGE       = 2,
  FCTL_EXIT_PREFLIGHT   = 3,
  FCTL_EXIT_AUTH        = 4,
  FCTL_EXIT_UNREACHABLE = 5,
  FCTL_EXIT_INTERRUPTED = 130,
} FctlExit;

/* The version of the --json schema (the "ferryctl" member). */
#define FCTL_JSON_SCHEMA 1

typedef struct _FctlContext FctlContext;

struct _FctlContext
{
  /* global options */
  gboolean   json;
  gboolean   quiet;
  gboolean   password_stdin;
  char      *password_env;
  char      *environments_file;

  /* output */
  gboolean   stdout_tty;
  gboolean   stderr_tty;
  gboolean   color;

  /* running */
  const char   *command;
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      interrupted;
  GAsyncResult *result;
  gboolean      have_bus;

  /* environments (ferryctl-env.c) */
  GSettings  *settings;
  GListStore *environments;   /* FerryEnvironment */
  GHashTable *origins;        /* name → "saved", "file", "saved, file" */
  GHashTable *password_envs;  /* name → environment variable name */
  GHashTable *saved;          /* name → the window's FerryEnvironment */
  GHashTable *password_sources; /* name → where its password came from */
  char       *stdin_password;
  gboolean    stdin_read;
  GPtrArray  *demo;           /* FerrySandbox, --demo */
  char       *demo_dir;       /* their state, removed at the end */

  /* the JSON answer being built (--json) */
  JsonBuilder *builder;
};

typedef int (*FctlCommandFunc) (FctlContext *ctx,
                                int          argc,
                                char       **argv);

/* One command: its help (the same text makes --help and ferryctl(1)). */
typedef struct
{
  const char           *name;
  const char           *parameters;   /* "PLAN.json [--to ENV]" */
  const char           *summary;      /* one line */
  const char           *description;  /* paragraphs */
  const char           *examples;     /* one per line */
  const GOptionEntry   *entries;      /* the command's own options, or NULL */
  FctlCommandFunc       func;
} FctlCommand;

/* g_set_str() is GLib 2.76. */
static inline void
fctl_set_str (char       **pointer,
              const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*pointer);
  *pointer = copy;
}

/* --- ferryctl.c: output, the main loop, errors ----------------------------- */

/* Parses the command's options (its entries plus the global ones);
 * FALSE after printing the usage error (return FCTL_EXIT_USAGE). */
gboolean     fctl_parse_options   (FctlContext        *ctx,
                                   const FctlCommand  *command,
                                   int                *argc,
                                   char             ***argv);
const FctlCommand *fctl_lookup_command (const char *name);

/* Runs the main loop until fctl_result_cb() has stored a result (or the
 * run was interrupted: the pending call is cancelled and its callback
 * still stores one). Returns the result (owned by CTX until the next wait). */
GAsyncResult *fctl_wait           (FctlContext        *ctx);
void          fctl_result_cb      (GObject            *object,
                                   GAsyncResult       *result,
                                   gpointer            user_data);
/* Iterates the loop until CONDITION (DATA) or an interrupt; FALSE when
 * interrupted. */
gboolean      fctl_wait_until     (FctlContext        *ctx,
                                   gboolean          (*condition) (gpointer data),
                                   gpointer            data);

/* The exit code for ERROR (auth, unreachable, usage, interrupted, failure). */
int          fctl_exit_code_for   (FctlContext        *ctx,
                                   const GError       *error);
/* Prints ERROR (human: "ferryctl: message (ticket …)" on stderr; --json:
 * the error member of the answer) and returns its exit code. */
int          fctl_fail            (FctlContext        *ctx,
                                   const GError       *error);
int          fctl_fail_message    (FctlContext        *ctx,
                                   int                 exit_code,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (3, 4);
/* Human lines on stdout (nothing with --json or --quiet). */
void         fctl_print           (FctlContext        *ctx,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (2, 3);
/* Status lines on stderr (nothing with --quiet). */
void         fctl_note            (FctlContext        *ctx,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (2, 3);
/* TEXT in bold / green / red / yellow on a colour terminal, else as is. */
char        *fctl_style           (FctlContext        *ctx,
                                   const char         *sgr,
                                   const char         *text);
/* A progress line on a terminal ("\r[####    ]  45% Importing"), a plain
 * line per change of LABEL when not; nothing with --quiet. */
void         fctl_progress        (FctlContext        *ctx,
                                   double              fraction,
                                   const char         *label);
void         fctl_progress_end    (FctlContext        *ctx);

/* --json: the answer's builder, inside its top-level object (members
 * "ferryctl", "command" are set; "ok" and "error" are added at the end). */
JsonBuilder *fctl_json            (FctlContext        *ctx);
void         fctl_json_string     (JsonBuilder        *builder,
                                   const char         *member,
                                   const char         *value);
void         fctl_json_migration  (JsonBuilder        *builder,
                                   FerryMigration     *migration);
const char  *fctl_migration_state (FerryMigration     *migration);

/* --- ferryctl-env.c: environments, passwords, connections ------------------ */

/* Reads the saved environments and --environments FILE. */
gboolean          fctl_load_environments (FctlContext   *ctx,
                                          GError       **error);
FerryEnvironment *fctl_lookup_environment (FctlContext  *ctx,
                                           const char   *name,
                                           GError      **error);
/* Connects ENVIRONMENT (password from its password-env, --password-env,
 * --password-stdin or the keyring); FALSE with ERROR otherwise. */
gboolean          fctl_connect       (FctlContext       *ctx,
                                      FerryEnvironment  *environment,
                                      GError           **error);
/* "ENV[:PROJECT]": connects ENV and resolves PROJECT (id or name) when
 * given; *PROJECT_ID / *PROJECT_NAME get it (NULL without one). */
FerryEnvironment *fctl_resolve_endpoint (FctlContext    *ctx,
                                         const char     *spec,
                                         gboolean        project_required,
                                         char          **project_id,
                                         char          **project_name,
                                         GError        **error);
/* Connects every known environment that can be (errors reported as
 * notes); the connected ones in a new GListStore. */
GListStore       *fctl_connect_all   (FctlContext       *ctx,
                                      char             **names,
                                      GError           **error);
/* Finds MIGRATION_ID on the connected environments: a monitor listing
 * them all (NULL with ERROR when no environment knows it). */
FerryMigrationMonitor *fctl_find_migration (FctlContext     *ctx,
                                            const char      *migration_id,
                                            FerryMigration **migration,
                                            GError         **error);
/* Follows JOB (run by a monitor) to its end with progress; cancels it on
 * an interrupt. 0, or the exit code after fctl_fail(). */
int               fctl_follow_job    (FctlContext       *ctx,
                                      FerryJob          *job);
gboolean          fctl_start_demo    (FctlContext       *ctx,
                                      GError           **error);
void              fctl_context_clear (FctlContext       *ctx);

/* --- The commands ----------------------------------------------------------- */

int fctl_cmd_environments (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_migrations   (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_show         (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_approve      (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_reject       (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_undo         (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_delete       (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_validate     (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_download     (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_import       (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_run          (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_plan         (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_compare      (FctlContext *ctx, int argc, char **argv);
int fctl_cmd_preview      (FctlContext *ctx, int argc, char **argv);

/* Each command family's option entries (the help table uses them). */
extern const GOptionEntry fctl_migrations_entries[];
extern const GOptionEntry fctl_download_entries[];
extern const GOptionEntry fctl_run_entries[];
extern const GOptionEntry fctl_plan_entries[];
extern const GOptionEntry fctl_compare_entries[];

G_END_DECLS
