/* ferryctl.c: the command-line program: commands, help, output, exit codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferryctl [GLOBAL OPTIONS] COMMAND [ARGUMENTS] — one command per run, one
 * main loop, one GCancellable that SIGINT cancels. The command table below
 * is the only help text: `ferryctl COMMAND --help` prints it, and
 * `ferryctl --generate-man` turns the same table into ferryctl(1) at build
 * time.
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ferryctl.h"

/* --- Global options --------------------------------------------------------- */

static gboolean opt_json, opt_quiet, opt_password_stdin, opt_version, opt_demo;
static char *opt_password_env, *opt_environments;

static const GOptionEntry global_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print one JSON object (see JSON OUTPUT) instead of text"), NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
    N_("Print nothing but errors"), NULL },
  { "environments", 'e', 0, G_OPTION_ARG_FILENAME, &opt_environments,
    N_("Read environments from FILE (a key file, see ENVIRONMENTS)"), N_("FILE") },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_password_stdin,
    N_("Read the password from the first line of standard input"), NULL },
  { "password-env", 0, 0, G_OPTION_ARG_STRING, &opt_password_env,
    N_("Read the password from the environment variable NAME"), N_("NAME") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo,
    N_("Start the two demo servers (Development, Production) for this run"), NULL },
  { NULL }
};

/* --- The command table ------------------------------------------------------- */

static const FctlCommand commands[] = {
  { "environments", "",
    N_("List the environments ferryctl knows and where each comes from"),
    N_("Environments come from the window's saved list (GSettings; passwords in the keyring) "
       "and from --environments FILE. A name in both is one environment: the file's values win, "
       "the keyring still gives its password."),
    "ferryctl environments\n"
    "ferryctl --environments ci/environments.ini environments --json",
    NULL, fctl_cmd_environments },
  { "migrations", "[ENV…]",
    N_("List the migrations of the environments (all known ones by default)"),
    N_("One line per migration: id, state, purpose, name, source → target. "
       "The filters combine."),
    "ferryctl migrations Production --status imported\n"
    "ferryctl migrations --since 2026-11-01 --json",
    fctl_migrations_entries, fctl_cmd_migrations },
  { "show", "ID",
    N_("Show one migration"),
    N_("Everything the servers hold about migration ID: statuses, environments, "
       "projects, dates, package sizes, validation and certification."),
    "ferryctl show 6F1A…:B0C2…",
    NULL, fctl_cmd_show },
  { "run", "PLAN.json",
    N_("Run a plan: pre-flight, create, request, approve, import"),
    N_("Runs the plan file (as the window saves it) from its source to its target: the "
       "pre-flight checks first (exit code 3 when they refuse), then the package is created, "
       "its import requested and approved, and imported. --request-only stops once the import "
       "is requested (for a user who may only request). --detach returns as soon as the "
       "migration exists; the window, or `ferryctl run --resume ID`, goes on with it. "
       "Interrupted (Ctrl+C), the work the servers started stays as it is and ferryctl says "
       "how to resume it: `ferryctl run --resume ID`."),
    "ferryctl run promote.json\n"
    "ferryctl run promote.json --to Staging --request-only\n"
    "ferryctl run --resume 6F1A…:B0C2…",
    fctl_run_entries, fctl_cmd_run },
  { "approve", "ID",
    N_("Approve the requested import (or undo) of a migration"),
    N_("Approves what migration ID waits for: its import, or its undo when an undo is requested."),
    "ferryctl approve 6F1A…:B0C2…",
    NULL, fctl_cmd_approve },
  { "reject", "ID",
    N_("Reject the requested import (or undo) of a migration"),
    N_("Rejects what migration ID waits for: its import, or its undo when an undo is requested."),
    "ferryctl reject 6F1A…:B0C2…",
    NULL, fctl_cmd_reject },
  { "undo", "ID",
    N_("Undo an imported migration"),
    N_("Runs the undo package of migration ID on its target and waits until it is undone."),
    "ferryctl undo 6F1A…:B0C2…",
    NULL, fctl_cmd_undo },
  { "delete", "ID",
    N_("Delete a migration from its source and target"),
    N_("Deletes migration ID and its packages on both servers."),
    "ferryctl delete 6F1A…:B0C2…",
    NULL, fctl_cmd_delete },
  { "validate", "ID",
    N_("Validate a migration's package against its target"),
    N_("Runs the server-side validation of migration ID and waits for its result."),
    "ferryctl validate 6F1A…:B0C2…",
    NULL, fctl_cmd_validate },
  { "download", "ID FILE",
    N_("Save a migration's package (or its undo package) to FILE"),
    N_("Downloads the package of migration ID, or with --undo its undo package."),
    "ferryctl download 6F1A…:B0C2… release-42.mmp\n"
    "ferryctl download --undo 6F1A…:B0C2… release-42-undo.mmp",
    fctl_download_entries, fctl_cmd_download },
  { "import", "FILE.mmp ENV:PROJECT",
    N_("Import a package file into a project"),
    N_("Uploads FILE.mmp to ENV and imports it into PROJECT (id or name), with an undo package."),
    "ferryctl import release-42.mmp Production:\"MicroStrategy Tutorial\"",
    NULL, fctl_cmd_import },
  { "plan", "new (--merge | --objects ID…) SRC:PROJECT TGT:PROJECT",
    N_("Write a plan file (the window's format) to standard output"),
    N_("`plan new` writes a plan for a project merge (--merge) or an object migration "
       "(--objects, ids separated by commas or given one per option), with a default "
       "conflict action (--default-action) and per-object actions (--object-action ID=ACTION). "
       "Actions: use_existing, replace, keep_both, use_newer, use_older, force_replace, delete."),
    "ferryctl plan new --merge Development:\"MicroStrategy Tutorial\" Production:\"MicroStrategy Tutorial\" > merge.json\n"
    "ferryctl plan new --objects 1A2B…,3C4D… --default-action replace Development:Tutorial Production:Tutorial > objects.json",
    fctl_plan_entries, fctl_cmd_plan },
  { "compare", "SRC[:PROJECT] TGT[:PROJECT]",
    N_("Compare two projects, as the window's Compare page does"),
    N_("Counts of new, changed, same, moved and target-only objects; with --differences one "
       "line per differing object: mark, type, path, source and target versions."),
    "ferryctl compare Development:\"MicroStrategy Tutorial\" Production --differences",
    fctl_compare_entries, fctl_cmd_compare },
  { "preview", "PLAN.json",
    N_("Show what a plan would do to every object, and the rule that decided it"),
    N_("The window's preview: every object's outcome on the target (create, replace, keep, "
       "delete, …) and the rule that decided it. Nothing is changed on either server."),
    "ferryctl preview promote.json",
    NULL, fctl_cmd_preview },
};

const FctlCommand *
fctl_lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static const char exit_codes_text[] =
  N_("0  success\n"
     "1  the work failed (a server refused or a migration ended failed)\n"
     "2  usage: an unknown command or option, a missing argument, an unknown environment\n"
     "3  the pre-flight checks refused the migration\n"
     "4  authentication failed (wrong or missing password, no privilege to log in)\n"
     "5  a server could not be reached\n"
     "130  interrupted (Ctrl+C): the servers keep their work; the message says how to resume");

static const char environments_text[] =
  N_("A key file with one group per environment:\n"
     "[Production]\n"
     "url=https://bi.example.com/MicroStrategyLibrary\n"
     "user=deployer\n"
     "login-mode=standard\n"
     "password-env=PROD_PASSWORD\n"
     "password-env names an environment variable holding the password (set but empty: an "
     "empty password). Otherwise the password comes from --password-env NAME, from "
     "--password-stdin, or from the keyring for an environment the window saved. "
     "A password is never taken as an argument and never printed.");

static const char json_text[] =
  N_("With --json every command prints one JSON object on standard output:\n"
     "{ \"ferryctl\": 1, \"command\": NAME, \"ok\": BOOL, \"exit-code\": N,\n"
     "  \"error\": null | { \"message\", \"domain\", \"code\", \"http-status\", \"server-code\", \"ticket\" },\n"
     "  … the command's members … }\n"
     "environments: \"environments\": [ { \"name\", \"url\", \"user\", \"login-mode\", \"origin\", \"password-source\" } ]\n"
     "migrations: \"migrations\": [ MIGRATION ]; show, approve, reject, undo, delete, validate, run: "
     "\"migration\": MIGRATION\n"
     "MIGRATION: { \"id\", \"name\", \"purpose\", \"package-type\", \"state\", \"package-status\", "
     "\"import-status\", \"import-request-status\", \"undo-request-status\", \"validation-status\", "
     "\"certification-status\", \"creator\", \"created\", \"updated\" (ISO 8601), "
     "\"source\": { \"environment\", \"environment-id\", \"project-id\", \"project\" }, \"target\": { … }, "
     "\"package-size\", \"has-undo-package\" }\n"
     "run also: \"preflight\": [ { \"title\", \"status\", \"message\", \"blocking\" } ], \"detached\": BOOL\n"
     "download: \"file\", \"bytes\"; import: \"import\": { \"id\", \"status\" }\n"
     "compare: \"counts\": { STATE: N }, \"differences\": [ { \"mark\", \"state\", \"id\", \"type\", \"path\", "
     "\"source-version\", \"target-version\" } ]\n"
     "preview: \"items\": [ { \"id\", \"name\", \"type\", \"path\", \"outcome\", \"action\", \"rule\", \"explanation\" } ], "
     "\"needs-confirmation\": BOOL\n"
     "plan new writes the plan file itself (the window's format), not this object.\n"
     "Members are only ever added; \"ferryctl\" changes when one changes meaning.");

/* --- Help ----------------------------------------------------------------- */

static void
print_overview (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: ferryctl [GLOBAL OPTIONS] COMMAND [ARGUMENTS] [OPTIONS]"));
  fprintf (out, "%s\n\n", _("Promote MicroStrategy content between Library environments, from a terminal or a pipeline."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Global options:"));
  for (const GOptionEntry *e = global_entries; e->long_name; e++)
    {
      g_autofree char *left = g_strdup_printf ("--%s%s%s", e->long_name,
                                               e->arg_description ? " " : "",
                                               e->arg_description ? _(e->arg_description) : "");
      fprintf (out, "  %-22s %s\n", left, _(e->description));
    }
  fprintf (out, "  %-22s %s\n", "--version", _("Print the version"));
  fprintf (out, "\n%s\n", _("Run `ferryctl COMMAND --help` for a command's options and examples."));
  fprintf (out, "\n%s\n%s\n", _("Exit codes:"), _(exit_codes_text));
}

static char *
command_description (const FctlCommand *command)
{
  GString *text = g_string_new (_(command->description));
  g_auto(GStrv) lines = g_strsplit (command->examples, "\n", -1);

  g_string_append_printf (text, "\n\n%s\n", _("Examples:"));
  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (text, "  %s\n", lines[i]);
  g_string_append_printf (text, "\n%s\n%s", _("Exit codes:"), _(exit_codes_text));
  return g_string_free (text, FALSE);
}

gboolean
fctl_parse_options (FctlContext        *ctx,
                    const FctlCommand  *command,
                    int                *argc,
                    char             ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = command_description (command);
  g_autofree char *prgname = g_strdup_printf ("ferryctl %s", command->name);
  GOptionGroup *global;

  /* "Usage: ferryctl run [OPTION…] PLAN.json" */
  g_set_prgname (prgname);
  context = g_option_context_new (command->parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_description (context, description);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  global = g_option_group_new ("global", _("Global options:"), _("Show the global options"), NULL, NULL);
  g_option_group_add_entries (global, global_entries);
  g_option_group_set_translation_domain (global, GETTEXT_PACKAGE);
  g_option_context_add_group (context, global);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("ferryctl %s: %s\n", command->name, error->message);
      g_printerr (_("Run `ferryctl %s --help` for its usage.\n"), command->name);
      return FALSE;
    }

  ctx->json |= opt_json;
  ctx->quiet |= opt_quiet;
  ctx->password_stdin |= opt_password_stdin;
  if (opt_password_env != NULL)
    fctl_set_str (&ctx->password_env, opt_password_env);
  if (opt_environments != NULL)
    fctl_set_str (&ctx->environments_file, opt_environments);
  return TRUE;
}

/* --- Man page ------------------------------------------------------------- */

static void
man_escape (GString    *out,
            const char *text)
{
  gboolean line_start = TRUE;

  for (const char *p = text; *p; p++)
    {
      if (line_start && (*p == '.' || *p == '\''))
        g_string_append (out, "\\&");
      line_start = FALSE;
      if (*p == '\\')
        g_string_append (out, "\\e");
      else if (*p == '-')
        g_string_append (out, "\\-");
      else
        g_string_append_c (out, *p);
      if (*p == '\n')
        line_start = TRUE;
    }
}

static void
man_lines (GString    *out,
           const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_string_append (out, ".nf\n");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      man_escape (out, lines[i]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, ".fi\n");
}

static void
man_options (GString            *out,
             const GOptionEntry *entries)
{
  for (const GOptionEntry *e = entries; e != NULL && e->long_name; e++)
    {
      g_string_append (out, ".TP\n\\fB");
      if (e->short_name)
        g_string_append_printf (out, "\\-%c\\fR, \\fB", e->short_name);
      g_string_append (out, "\\-\\-");
      man_escape (out, e->long_name);
      g_string_append (out, "\\fR");
      if (e->arg_description)
        g_string_append_printf (out, " \\fI%s\\fR", _(e->arg_description));
      g_string_append_c (out, '\n');
      man_escape (out, _(e->description));
      g_string_append_c (out, '\n');
    }
}

static int
generate_man (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, ".TH FERRYCTL 1 \"\" \"Ferry %s\" \"User Commands\"\n", PACKAGE_VERSION);
  g_string_append (out, ".SH NAME\nferryctl \\- promote MicroStrategy content between Library environments\n");
  g_string_append (out, ".SH SYNOPSIS\n\\fBferryctl\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n");
  g_string_append (out, ".SH DESCRIPTION\n");
  man_escape (out, _("ferryctl runs Ferry's migration engine from a terminal or a CI pipeline: the "
                     "same plans, pre-flight checks, migrations and environments as the Ferry window, "
                     "without a display or a D-Bus session. Every command has --help with examples."));
  g_string_append (out, "\n.SH GLOBAL OPTIONS\n");
  man_options (out, global_entries);
  g_string_append (out, ".TP\n\\fB\\-\\-version\\fR\n");
  man_escape (out, _("Print the version"));
  g_string_append (out, "\n.SH COMMANDS\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const FctlCommand *c = &commands[i];

      g_string_append (out, ".SS \"ferryctl ");
      man_escape (out, c->name);
      g_string_append_c (out, ' ');
      man_escape (out, c->parameters);
      g_string_append (out, "\"\n");
      man_escape (out, _(c->summary));
      g_string_append (out, ".\n.PP\n");
      man_escape (out, _(c->description));
      g_string_append_c (out, '\n');
      man_options (out, c->entries);
      g_string_append (out, ".PP\nExamples:\n.RS\n");
      man_lines (out, c->examples);
      g_string_append (out, ".RE\n");
    }
  g_string_append (out, ".SH ENVIRONMENTS\n");
  man_lines (out, _(environments_text));
  g_string_append (out, ".SH JSON OUTPUT\n");
  man_lines (out, _(json_text));
  g_string_append (out, ".SH EXIT STATUS\n");
  man_lines (out, _(exit_codes_text));
  g_string_append (out, ".SH ENVIRONMENT\n.TP\n\\fBNO_COLOR\\fR\n");
  man_escape (out, _("When set, no colours, even on a terminal."));
  g_string_append (out, "\n.SH SEE ALSO\n\\fBferry\\fR(1), \\fBferry\\-sandbox\\fR(1)\n");

  fputs (out->str, stdout);
  g_string_free (out, TRUE);
  return 0;
}

/* --- Output ---------------------------------------------------------------- */

void
fctl_print (FctlContext *ctx,
            const char  *format,
            ...)
{
  va_list args;
  g_autofree char *text = NULL;

  if (ctx->json || ctx->quiet)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
fctl_note (FctlContext *ctx,
           const char  *format,
           ...)
{
  va_list args;
  g_autofree char *text = NULL;

  if (ctx->quiet)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fctl_progress_end (ctx);
  fprintf (stderr, "%s\n", text);
}

char *
fctl_style (FctlContext *ctx,
            const char  *sgr,
            const char  *text)
{
  if (!ctx->color || sgr == NULL)
    return g_strdup (text);
  return g_strdup_printf ("\033[%sm%s\033[0m", sgr, text);
}

static char *progress_label;
static gboolean progress_shown;

void
fctl_progress (FctlContext *ctx,
               double       fraction,
               const char  *label)
{
  if (ctx->quiet || label == NULL)
    return;

  if (ctx->stderr_tty)
    {
      int width = 30, filled = (int) (CLAMP (fraction, 0.0, 1.0) * width + 0.5);
      GString *bar = g_string_new ("\r[");

      for (int i = 0; i < width; i++)
        g_string_append_c (bar, i < filled ? '#' : ' ');
      g_string_append_printf (bar, "] %3d%% %-40.40s", (int) (CLAMP (fraction, 0.0, 1.0) * 100 + 0.5), label);
      fputs (bar->str, stderr);
      fflush (stderr);
      g_string_free (bar, TRUE);
      progress_shown = TRUE;
    }
  else if (g_strcmp0 (label, progress_label) != 0)
    {
      fprintf (stderr, "%s\n", label);
      fflush (stderr);
    }
  fctl_set_str (&progress_label, label);
}

void
fctl_progress_end (FctlContext *ctx)
{
  if (progress_shown)
    {
      fputc ('\n', stderr);
      progress_shown = FALSE;
    }
}

JsonBuilder *
fctl_json (FctlContext *ctx)
{
  return ctx->builder;
}

void
fctl_json_string (JsonBuilder *builder,
                  const char  *member,
                  const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_date (JsonBuilder *builder,
           const char  *member,
           GDateTime   *date)
{
  g_autofree char *text = date ? g_date_time_format_iso8601 (date) : NULL;

  fctl_json_string (builder, member, text);
}

/* One word for where a migration is, for people and scripts alike. */
const char *
fctl_migration_state (FerryMigration *migration)
{
  const char *import = ferry_migration_get_import_status (migration);
  const char *package = ferry_migration_get_package_status (migration);
  const char *request = ferry_migration_get_import_request_status (migration);

  if (import != NULL && *import != '\0' && !ferry_library_status_is (import, "pending"))
    return import;
  if (request != NULL && *request != '\0' && ferry_library_status_is (package, "created"))
    {
      if (ferry_library_status_is (request, "requested"))
        return "import_requested";
      if (ferry_library_status_is (request, "approved"))
        return "import_approved";
      if (ferry_library_status_is (request, "rejected"))
        return "import_rejected";
    }
  return package != NULL ? package : "unknown";
}

void
fctl_json_migration (JsonBuilder    *b,
                     FerryMigration *m)
{
  json_builder_begin_object (b);
  fctl_json_string (b, "id", ferry_migration_get_id (m));
  fctl_json_string (b, "name", ferry_migration_get_name (m));
  fctl_json_string (b, "purpose", ferry_migration_get_purpose (m));
  fctl_json_string (b, "package-type", ferry_migration_get_package_type (m));
  fctl_json_string (b, "state", fctl_migration_state (m));
  fctl_json_string (b, "package-status", ferry_migration_get_package_status (m));
  fctl_json_string (b, "import-status", ferry_migration_get_import_status (m));
  fctl_json_string (b, "import-request-status", ferry_migration_get_import_request_status (m));
  fctl_json_string (b, "undo-request-status", ferry_migration_get_undo_request_status (m));
  fctl_json_string (b, "validation-status", ferry_migration_get_validation_status (m));
  fctl_json_string (b, "certification-status", ferry_migration_get_certification_status (m));
  fctl_json_string (b, "creator", ferry_migration_get_creator_name (m));
  json_date (b, "created", ferry_migration_get_package_creation_date (m));
  json_date (b, "updated", ferry_migration_get_import_last_updated_date (m)
                           ? ferry_migration_get_import_last_updated_date (m)
                           : ferry_migration_get_package_last_updated_date (m));
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  fctl_json_string (b, "environment", ferry_migration_get_source_environment_name (m));
  fctl_json_string (b, "environment-id", ferry_migration_get_source_environment_id (m));
  fctl_json_string (b, "project-id", ferry_migration_get_source_project_id (m));
  fctl_json_string (b, "project", ferry_migration_get_source_project_name (m));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "target");
  json_builder_begin_object (b);
  fctl_json_string (b, "environment", ferry_migration_get_target_environment_name (m));
  fctl_json_string (b, "environment-id", ferry_migration_get_target_environment_id (m));
  fctl_json_string (b, "project-id", ferry_migration_get_target_project_id (m));
  fctl_json_string (b, "project", ferry_migration_get_target_project_name (m));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "package-size");
  json_builder_add_int_value (b, ferry_migration_get_storage_size (m));
  json_builder_set_member_name (b, "has-undo-package");
  json_builder_add_boolean_value (b, ferry_migration_get_has_undo_package (m));
  json_builder_end_object (b);
}

/* --- Errors and exit codes ---------------------------------------------------- */

typedef struct
{
  char  *message;
  char  *domain;
  int    code;
  guint  http_status;
  char  *server_code;
  char  *ticket;
} FctlError;

static FctlError last_error;

int
fctl_exit_code_for (FctlContext  *ctx,
                    const GError *error)
{
  if (ctx->interrupted || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FCTL_EXIT_INTERRUPTED;
  if (error->domain == FERRY_API_ERROR)
    switch ((FerryApiError) error->code)
      {
      case FERRY_API_ERROR_LOGIN_FAILED:
      case FERRY_API_ERROR_UNAUTHORIZED:
      case FERRY_API_ERROR_SESSION_EXPIRED:
        return FCTL_EXIT_AUTH;
      case FERRY_API_ERROR_NOT_A_LIBRARY_SERVER:
      case FERRY_API_ERROR_TLS_UNTRUSTED:
        return FCTL_EXIT_UNREACHABLE;
      default:
        return FCTL_EXIT_FAILURE;
      }
  if (error->domain == FERRY_ENVIRONMENT_ERROR)
    return error->code == FERRY_ENVIRONMENT_ERROR_NO_PASSWORD ? FCTL_EXIT_AUTH : FCTL_EXIT_USAGE;
  if (error->domain == G_OPTION_ERROR || error->domain == G_KEY_FILE_ERROR)
    return FCTL_EXIT_USAGE;
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return FCTL_EXIT_UNREACHABLE;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_HOST_NOT_FOUND:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_CONNECTION_CLOSED:
        return FCTL_EXIT_UNREACHABLE;
      default:
        return FCTL_EXIT_FAILURE;
      }
  return FCTL_EXIT_FAILURE;
}

static void
set_last_error (const char   *message,
                const GError *error)
{
  fctl_set_str (&last_error.message, message);
  g_clear_pointer (&last_error.domain, g_free);
  g_clear_pointer (&last_error.server_code, g_free);
  g_clear_pointer (&last_error.ticket, g_free);
  last_error.code = 0;
  last_error.http_status = 0;
  if (error != NULL)
    {
      last_error.domain = g_strdup (g_quark_to_string (error->domain));
      last_error.code = error->code;
      last_error.http_status = ferry_api_error_get_http_status (error);
      last_error.server_code = g_strdup (ferry_api_error_get_server_code (error));
      last_error.ticket = g_strdup (ferry_api_error_get_ticket_id (error));
    }
}

int
fctl_fail (FctlContext  *ctx,
           const GError *error)
{
  int code = fctl_exit_code_for (ctx, error);
  g_autofree char *message = NULL;

  if (code == FCTL_EXIT_INTERRUPTED)
    message = g_strdup (_("Interrupted"));
  else if (error->domain == FERRY_API_ERROR)
    message = ferry_api_error_describe (error);
  else
    message = g_strdup (error->message);

  set_last_error (message, error);
  if (!ctx->json)
    {
      g_autofree char *word = fctl_style (ctx, "1;31", "ferryctl:");
      const char *ticket = ferry_api_error_get_ticket_id (error);

      fctl_progress_end (ctx);
      if (ticket != NULL && strstr (message, ticket) == NULL)
        g_printerr ("%s %s (%s %s)\n", word, message, _("ticket"), ticket);
      else
        g_printerr ("%s %s\n", word, message);
    }
  return code;
}

int
fctl_fail_message (FctlContext *ctx,
                   int          exit_code,
                   const char  *format,
                   ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  set_last_error (message, NULL);
  if (!ctx->json)
    {
      g_autofree char *word = fctl_style (ctx, "1;31", "ferryctl:");

      fctl_progress_end (ctx);
      g_printerr ("%s %s\n", word, message);
    }
  return exit_code;
}

/* --- The main loop ----------------------------------------------------------- */

void
fctl_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FctlContext *ctx = user_data;

  g_clear_object (&ctx->result);
  ctx->result = g_object_ref (result);
  g_main_loop_quit (ctx->loop);
}

GAsyncResult *
fctl_wait (FctlContext *ctx)
{
  g_clear_object (&ctx->result);
  while (ctx->result == NULL)
    g_main_loop_run (ctx->loop);
  return ctx->result;
}

typedef struct
{
  FctlContext *ctx;
  gboolean   (*condition) (gpointer data);
  gpointer     data;
} WaitUntil;

static gboolean
check_condition_cb (gpointer user_data)
{
  WaitUntil *wait = user_data;

  if (wait->ctx->interrupted || wait->condition (wait->data))
    g_main_loop_quit (wait->ctx->loop);
  return G_SOURCE_CONTINUE;
}

gboolean
fctl_wait_until (FctlContext *ctx,
                 gboolean   (*condition) (gpointer data),
                 gpointer     data)
{
  WaitUntil wait = { ctx, condition, data };
  guint id;

  if (condition (data))
    return TRUE;
  id = g_timeout_add (20, check_condition_cb, &wait);
  while (!ctx->interrupted && !condition (data))
    g_main_loop_run (ctx->loop);
  g_source_remove (id);
  return !ctx->interrupted;
}

static gboolean
sigint_cb (gpointer user_data)
{
  FctlContext *ctx = user_data;

  if (ctx->interrupted)
    {
      /* A second Ctrl+C: leave at once. */
      fctl_progress_end (ctx);
      _exit (FCTL_EXIT_INTERRUPTED);
    }
  ctx->interrupted = TRUE;
  g_cancellable_cancel (ctx->cancellable);
  g_main_loop_quit (ctx->loop);
  return G_SOURCE_CONTINUE;
}

/* --- main ------------------------------------------------------------------ */

static void
finish_json (FctlContext *ctx,
             int          code)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonBuilder *b = ctx->builder;

  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, code == 0);
  json_builder_set_member_name (b, "exit-code");
  json_builder_add_int_value (b, code);
  json_builder_set_member_name (b, "error");
  if (code == 0 || last_error.message == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_object (b);
      fctl_json_string (b, "message", last_error.message);
      fctl_json_string (b, "domain", last_error.domain);
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, last_error.code);
      json_builder_set_member_name (b, "http-status");
      json_builder_add_int_value (b, last_error.http_status);
      fctl_json_string (b, "server-code", last_error.server_code);
      fctl_json_string (b, "ticket", last_error.ticket);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

int
main (int   argc,
      char *argv[])
{
  FctlContext ctx = { 0 };
  const FctlCommand *command = NULL;
  const char *name = NULL;
  int command_index = 0;
  int code;

  setlocale (LC_ALL, "");
  /* Log messages (G_MESSAGES_DEBUG=all too) never mix with --json on stdout. */
  g_log_writer_default_set_use_stderr (TRUE);
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The first argument that is not an option is the command; global
   * options may come before it. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--generate-man"))
        return generate_man ();
      if (g_str_equal (argv[i], "--version"))
        opt_version = TRUE;
      if (argv[i][0] != '-')
        {
          /* the value of a global option taking one */
          if (i > 1 && (g_str_equal (argv[i - 1], "--environments") || g_str_equal (argv[i - 1], "-e") ||
                        g_str_equal (argv[i - 1], "--password-env")))
            continue;
          command_index = i;
          name = argv[i];
          break;
        }
    }

  if (name == NULL)
    {
      if (opt_version)
        {
          printf ("ferryctl %s\n", PACKAGE_VERSION);
          return FCTL_EXIT_OK;
        }
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
          {
            print_overview (stdout);
            return FCTL_EXIT_OK;
          }
      print_overview (stderr);
      return FCTL_EXIT_USAGE;
    }

  command = fctl_lookup_command (name);
  if (command == NULL)
    {
      g_printerr (_("ferryctl: “%s” is not a command. Run `ferryctl --help` for the list.\n"), name);
      return FCTL_EXIT_USAGE;
    }

  /* argv without the command word, for the command's option parser */
  {
    g_autofree char **args = g_new0 (char *, argc + 1);
    int n = 0;

    for (int i = 0; i < argc; i++)
      if (i != command_index)
        args[n++] = argv[i];

    ctx.command = command->name;
    ctx.stdout_tty = isatty (STDOUT_FILENO);
    ctx.stderr_tty = isatty (STDERR_FILENO);
    /* Colours only when both streams are a terminal, never with NO_COLOR
     * (https://no-color.org: set to anything, even empty). */
    ctx.color = ctx.stdout_tty && ctx.stderr_tty && g_getenv ("NO_COLOR") == NULL;
    ctx.loop = g_main_loop_new (NULL, FALSE);
    ctx.cancellable = g_cancellable_new ();
    g_unix_signal_add (SIGINT, sigint_cb, &ctx);
    g_unix_signal_add (SIGTERM, sigint_cb, &ctx);

    {
      char **parse_argv = args;

      if (!fctl_parse_options (&ctx, command, &n, &parse_argv))
        {
          fctl_context_clear (&ctx);
          return FCTL_EXIT_USAGE;
        }
      if (ctx.json)
        {
          ctx.builder = json_builder_new ();
          json_builder_begin_object (ctx.builder);
          json_builder_set_member_name (ctx.builder, "ferryctl");
          json_builder_add_int_value (ctx.builder, FCTL_JSON_SCHEMA);
          fctl_json_string (ctx.builder, "command", command->name);
        }

      code = FCTL_EXIT_OK;
      if (opt_demo)
        {
          g_autoptr(GError) error = NULL;

          if (!fctl_start_demo (&ctx, &error))
            code = fctl_fail (&ctx, error);
        }
      if (code == FCTL_EXIT_OK)
        code = command->func (&ctx, n, parse_argv);
    }
  }

  fctl_progress_end (&ctx);
  if (ctx.builder != NULL && !(g_str_equal (command->name, "plan") && code == FCTL_EXIT_OK))
    finish_json (&ctx, code);
  fflush (stdout);
  fctl_context_clear (&ctx);
  return code;
}
