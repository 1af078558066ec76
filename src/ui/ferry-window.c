/* ferry-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the Compare page (two environment panes, see
 * ferry-compare-view.c) and the Migrations page. The window owns what
 * needs dialogs and toasts: adding, editing and removing environments,
 * connecting them (asking for a password the keyring does not have, and
 * for trust in a certificate the system does not trust), and the demo.
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-a11y.h"
#include "ferry-application.h"
#include "ferry-certificate-dialog.h"
#include "ferry-compare-view.h"
#include "ferry-environment-dialog.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-password-dialog.h"
#include "ferry-sandbox.h"
#include "ferry-window-private.h"

/* The demo's project: "MicroStrategy Tutorial" in both seeds. */
#define DEMO_PROJECT_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define DEMO_USERNAME   "administrator"


G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DEMO,
  PROP_DIFFERENCES_ONLY,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* --- pages ----------------------------------------------------------------- */

/* With nothing to compare yet, Enter tries the demo: the suggested
 * button has the focus and is the window's default. */
static void
focus_compare_page (FerryWindow *self)
{
  GtkWidget *try_demo = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), FERRY_TYPE_WINDOW, "try_demo_button"));
  gboolean empty = g_strcmp0 (gtk_stack_get_visible_child_name (self->compare_stack), "empty") == 0;

  if (empty && gtk_window_get_default_widget (GTK_WINDOW (self)) != try_demo)
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), try_demo);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (try_demo);
    }
  else if (!empty && gtk_window_get_default_widget (GTK_WINDOW (self)) == try_demo)
    gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
}

static void
update_compare_page (FerryWindow *self)
{
  const char *page;

  if (self->demo != NULL && ferry_demo_get_state (self->demo) == FERRY_DEMO_STATE_STARTING)
    page = "starting";
  else if (self->environments == NULL ||
           g_list_model_get_n_items (G_LIST_MODEL (self->environments)) == 0)
    page = "empty";
  else
    page = "compare";

  gtk_stack_set_visible_child_name (self->compare_stack, page);
  focus_compare_page (self);
}

/* --- the main menu, per page --------------------------------------------------- */

static gboolean
on_migrations_page (FerryWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "migrations") == 0;
}

static GMenu *
build_menu (FerryWindow *self,
            GMenuModel  *first,
            GMenuModel  *second)
{
  GMenu *menu = g_menu_new ();

  g_menu_append_section (menu, NULL, G_MENU_MODEL (self->environment_section));
  g_menu_append_section (menu, NULL, first);
  if (second != NULL)
    g_menu_append_section (menu, NULL, second);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (self->demo_section));
  g_menu_append_section (menu, NULL, self->help_section);
  return menu;
}

/* The Compare page's items (Compare, Differences Only, Show Details,
 * Reload, Add Selection to Migration) only on the Compare page. */
static void
update_menu (FerryWindow *self)
{
  gtk_menu_button_set_menu_model (self->menu_button,
                                  G_MENU_MODEL (on_migrations_page (self) ? self->migrations_menu
                                                                          : self->compare_menu));
}

/* Try the Demo, unless the demo runs (or starts). */
static void
update_demo_section (FerryWindow *self)
{
  gboolean demo = self->demo != NULL && ferry_demo_get_state (self->demo) != FERRY_DEMO_STATE_STOPPED;

  if (demo == (g_menu_model_get_n_items (G_MENU_MODEL (self->demo_section)) == 0))
    return;

  g_menu_remove_all (self->demo_section);
  if (!demo)
    g_menu_append (self->demo_section, _("_Try the Demo"), "app.try-demo");
}

/* In demo mode the window says so: "Demo" at the start of the header bar,
 * wide or narrow. */
static void
update_demo_indicator (FerryWindow *self)
{
  gboolean demo = self->demo != NULL && ferry_demo_get_state (self->demo) != FERRY_DEMO_STATE_STOPPED;

  gtk_widget_set_visible (self->demo_label, demo);
  update_demo_section (self);
}

/* --- toasts ---------------------------------------------------------------- */

void
ferry_window_add_toast (FerryWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_ferry_window_toast (FerryWindow *self,
                     const char  *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* --- trusted certificates -------------------------------------------------- */

/* In the application's settings: FerryTrustStore (self->trust_store). */

/* FerryEnvironment creates its connection when connecting starts, and says
 * so before it sends anything: the trusted fingerprint goes in then. */
static void
environment_connection_cb (FerryWindow      *self,
                           GParamSpec       *pspec,
                           FerryEnvironment *environment)
{
  FerryConnection *connection = ferry_environment_get_connection (environment);
  g_autofree char *sha256 = NULL;

  if (connection == NULL)
    return;

  sha256 = self->trust_store != NULL
           ? ferry_trust_store_lookup (self->trust_store, ferry_connection_get_base_url (connection))
           : NULL;
  if (sha256 != NULL)
    ferry_connection_set_trusted_certificate (connection, sha256);
}

/* The keyring could not keep or give a password: say why once, while the
 * environment goes on working with the password typed for this session. */
static void
environment_keyring_error_cb (FerryWindow      *self,
                              GParamSpec       *pspec,
                              FerryEnvironment *environment)
{
  const char *sentence = ferry_environment_get_keyring_error (environment);

  /* A keyring that could not be read is said in the password prompt; a
   * toast is for a connected environment whose password was not saved. */
  if (sentence != NULL && ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED)
    _ferry_window_toast (self, sentence);
}

static void
watch_environment (FerryWindow      *self,
                   FerryEnvironment *environment)
{
  if (g_ptr_array_find (self->watched, environment, NULL))
    return;

  g_ptr_array_add (self->watched, environment);
  g_object_weak_ref (G_OBJECT (environment), (GWeakNotify) g_ptr_array_remove_fast, self->watched);
  g_signal_connect_object (environment, "notify::connection",
                           G_CALLBACK (environment_connection_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (environment, "notify::keyring-error",
                           G_CALLBACK (environment_keyring_error_cb), self, G_CONNECT_SWAPPED);
}

static void
unwatch_all (FerryWindow *self)
{
  while (self->watched->len > 0)
    {
      GObject *environment = g_ptr_array_steal_index_fast (self->watched, 0);

      g_object_weak_unref (environment, (GWeakNotify) g_ptr_array_remove_fast, self->watched);
      g_signal_handlers_disconnect_by_func (environment, environment_connection_cb, self);
      g_signal_handlers_disconnect_by_func (environment, environment_keyring_error_cb, self);
    }
}

/* --- connecting ------------------------------------------------------------ */

typedef struct
{
  FerryWindow            *self;
  FerryEnvironment       *environment;
  char                   *password;      /* wiped when freed */
  FerryEnvironmentDialog *dialog;        /* weak: the add/edit dialog, or NULL */
  FerryPasswordDialog    *prompt;        /* weak: the password prompt it answers, or NULL */
} ConnectOp;

static void
connect_op_free (ConnectOp *op)
{
  if (op->password != NULL)
    {
      memset (op->password, 0, strlen (op->password));
      g_free (op->password);
    }
  g_clear_weak_pointer (&op->dialog);
  g_clear_weak_pointer (&op->prompt);
  g_clear_object (&op->environment);
  g_clear_object (&op->self);
  g_free (op);
}

/* A sentence for a failed connection: the environment's (address with
 * its port, the reason in words). */
static char *
describe_connect_error (FerryEnvironment *environment,
                        const GError     *error)
{
  return ferry_environment_describe_error (environment, error);
}

/* Under the field it concerns, in the words of describe_connect_error(). */
static void
show_connect_error_in_dialog (FerryEnvironmentDialog *dialog,
                              FerryEnvironment       *environment,
                              const GError           *error)
{
  g_autofree char *sentence = describe_connect_error (environment, error);
  const char *field = NULL;

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED) ||
      g_error_matches (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD))
    field = FERRY_ENVIRONMENT_FIELD_PASSWORD;
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN))
    field = FERRY_ENVIRONMENT_FIELD_USERNAME;
  else if (error->domain == FERRY_API_ERROR &&
           (error->code == FERRY_API_ERROR_NOT_A_LIBRARY_SERVER ||
            error->code == FERRY_API_ERROR_TLS_UNTRUSTED))
    field = FERRY_ENVIRONMENT_FIELD_URL;
  else if (error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR)
    field = FERRY_ENVIRONMENT_FIELD_URL;

  if (field == NULL)
    {
      ferry_environment_dialog_show_gerror (dialog, error);
      return;
    }

  ferry_environment_dialog_show_error (dialog, field, sentence);
}

static void
connect_failed_toast (FerryWindow      *self,
                      FerryEnvironment *environment,
                      const GError     *error)
{
  g_autofree char *sentence = describe_connect_error (environment, error);
  /* Translators: "Could not connect to Production: The user name or password is wrong" */
  g_autofree char *text = g_strdup_printf (_("Could not connect to %s: %s"),
                                           ferry_environment_get_name (environment), sentence);

  _ferry_window_toast (self, text);
}

static void ask_password (FerryWindow      *self,
                          FerryEnvironment *environment,
                          const char       *error_message);

typedef struct
{
  ConnectOp *op;       /* NULL once answered */
  GError    *error;
} CertificateQuestion;

static void
certificate_question_free (gpointer  data,
                           GClosure *closure)
{
  CertificateQuestion *question = data;

  g_clear_pointer (&question->op, connect_op_free);
  g_clear_error (&question->error);
  g_free (question);
}

static void
certificate_response_cb (AdwMessageDialog    *dialog,
                         const char          *response,
                         CertificateQuestion *question)
{
  ConnectOp *op = g_steal_pointer (&question->op);
  FerryWindow *self;

  /* Answered once; the question lives as long as the dialog. */
  if (op == NULL)
    return;

  self = op->self;
  if (g_strcmp0 (response, "trust") == 0)
    {
      const char *sha256 = ferry_certificate_dialog_get_sha256 (FERRY_CERTIFICATE_DIALOG (dialog));

      if (self->trust_store != NULL)
        ferry_trust_store_store (self->trust_store, ferry_environment_get_base_url (op->environment), sha256);
      /* Again, now trusted (environment_connection_cb passes it on). */
      _ferry_window_connect_environment (self, op->environment, op->password, op->dialog);
    }
  else if (op->dialog != NULL)
    show_connect_error_in_dialog (op->dialog, op->environment, question->error);
  else
    connect_failed_toast (self, op->environment, question->error);

  connect_op_free (op);
}

static void
environment_connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  ConnectOp *op = user_data;
  FerryWindow *self = op->self;
  FerryEnvironment *environment = FERRY_ENVIRONMENT (object);
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_finish (environment, result, &error);

  if (g_hash_table_lookup (self->connecting, environment) == op)
    g_hash_table_remove (self->connecting, environment);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      connect_op_free (op);
      return;
    }

  /* Added or edited in the environment dialog: saved only once connected. */
  if (op->dialog != NULL)
    {
      FerryEnvironment *edited = ferry_environment_dialog_get_environment (op->dialog);
      g_autoptr(GError) save_error = NULL;

      if (error != NULL && g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED) &&
          ferry_api_error_get_certificate_sha256 (error) != NULL)
        goto ask_trust;

      /* An edited environment whose password field was left empty to keep
       * the keyring's, and the keyring has none: the empty field is the
       * password (an account without one). */
      if (g_error_matches (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD) &&
          op->password == NULL)
        {
          _ferry_window_connect_environment (self, environment, "", op->dialog);
          connect_op_free (op);
          return;
        }

      if (error != NULL)
        {
          /* The dialog stays open with what was entered. */
          show_connect_error_in_dialog (op->dialog, environment, error);
          connect_op_free (op);
          return;
        }

      if (edited != NULL)
        ferry_environment_list_update (self->environments, ferry_environment_get_name (edited),
                                       environment, &save_error);
      else
        ferry_environment_list_add (self->environments, environment, &save_error);

      if (save_error != NULL)
        {
          ferry_environment_dialog_show_gerror (op->dialog, save_error);
          ferry_environment_disconnect (environment);
          connect_op_free (op);
          return;
        }

      /* "Remember password" turned off, or another server or user: the
       * keyring must not keep the old password. */
      if (edited != NULL && ferry_environment_get_remember_password (edited) &&
          (!ferry_environment_get_remember_password (environment) ||
           g_strcmp0 (ferry_environment_get_base_url (edited), ferry_environment_get_base_url (environment)) != 0 ||
           g_strcmp0 (ferry_environment_get_username (edited), ferry_environment_get_username (environment)) != 0))
        ferry_password_clear_async (ferry_environment_get_base_url (edited),
                                    ferry_environment_get_username (edited),
                                    NULL, _ferry_window_password_cleared_cb, NULL);

      /* Show it where it is most likely wanted: an empty pane, or the
       * pane that showed the edited environment. */
      for (guint i = 0; i < 2; i++)
        {
          FerryEnvironmentPane *pane = ferry_compare_view_get_pane (self->compare_view, i);
          FerryEnvironment *shown = ferry_environment_pane_get_environment (pane);

          if (shown == NULL || shown == edited)
            {
              ferry_environment_pane_set_environment (pane, environment);
              break;
            }
        }

      gtk_window_destroy (GTK_WINDOW (op->dialog));
      connect_op_free (op);
      return;
    }

  /* Typed in the password prompt, which is still open: it closes once
   * connected, or says why not in place (and Enter tries again). */
  if (op->prompt != NULL)
    {
      FerryPasswordDialog *prompt = op->prompt;

      if (error == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (prompt));
          connect_op_free (op);
          return;
        }
      if (!(g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED) &&
            ferry_api_error_get_certificate_sha256 (error) != NULL))
        {
          g_autofree char *sentence = describe_connect_error (environment, error);

          ferry_password_dialog_set_error (prompt, sentence);
          connect_op_free (op);
          return;
        }
      /* An untrusted certificate: that question first, the prompt's
       * password goes with it. */
      gtk_window_destroy (GTK_WINDOW (prompt));
    }

  if (error == NULL)
    {
      connect_op_free (op);
      return;
    }

  if (g_error_matches (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD))
    {
      /* The prompt says why the keyring gave nothing, if it failed. */
      ask_password (self, environment, ferry_environment_get_keyring_error (environment));
      connect_op_free (op);
      return;
    }

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED) &&
      !ferry_environment_get_is_demo (environment))
    {
      g_autofree char *sentence = describe_connect_error (environment, error);

      /* The keyring's password (or the one just typed) is wrong: ask again. */
      connect_failed_toast (self, environment, error);
      ask_password (self, environment, sentence);
      connect_op_free (op);
      return;
    }

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED) &&
      ferry_api_error_get_certificate_sha256 (error) != NULL)
    goto ask_trust;

  connect_failed_toast (self, environment, error);
  connect_op_free (op);
  return;

ask_trust:
  {
    FerryCertificateDialog *dialog = ferry_certificate_dialog_new_for_error (GTK_WINDOW (self), error);
    CertificateQuestion *question = g_new0 (CertificateQuestion, 1);

    question->op = op;
    question->error = g_steal_pointer (&error);
    g_signal_connect_data (dialog, "response", G_CALLBACK (certificate_response_cb), question,
                           certificate_question_free, 0);
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

/* Connects ENVIRONMENT with PASSWORD (NULL: from the keyring). DIALOG, when
 * set, is the environment dialog the definition comes from: it stays open
 * until the connection succeeds and is then saved. */
static void
connect_environment (FerryWindow            *self,
                     FerryEnvironment       *environment,
                     const char             *password,
                     FerryEnvironmentDialog *dialog,
                     FerryPasswordDialog    *prompt)
{
  ConnectOp *op;

  /* A connection that is being made is not made twice; a password just
   * typed goes ahead all the same. */
  if (dialog == NULL && prompt == NULL && g_hash_table_contains (self->connecting, environment))
    return;

  watch_environment (self, environment);

  op = g_new0 (ConnectOp, 1);
  op->self = g_object_ref (self);
  op->environment = g_object_ref (environment);
  op->password = g_strdup (password);
  g_set_weak_pointer (&op->dialog, dialog);
  g_set_weak_pointer (&op->prompt, prompt);

  if (dialog != NULL)
    ferry_environment_dialog_set_busy (dialog, TRUE);
  else
    g_hash_table_replace (self->connecting, g_object_ref (environment), op);

  ferry_environment_connect_async (environment, password, self->cancellable,
                                   environment_connected_cb, op);
}

void
_ferry_window_connect_environment (FerryWindow            *self,
                                   FerryEnvironment       *environment,
                                   const char             *password,
                                   FerryEnvironmentDialog *dialog)
{
  connect_environment (self, environment, password, dialog, NULL);
}

/* --- the password prompt: one at a time ------------------------------------ */

typedef struct
{
  FerryEnvironment *environment;
  char             *message;   /* nullable */
} PendingPrompt;

static void
pending_prompt_free (PendingPrompt *pending)
{
  g_clear_object (&pending->environment);
  g_free (pending->message);
  g_free (pending);
}

static void show_password_prompt (FerryWindow      *self,
                                  FerryEnvironment *environment,
                                  const char       *error_message);

static void
password_response_cb (FerryPasswordDialog *dialog,
                      const char          *response,
                      FerryWindow         *self)
{
  FerryEnvironment *environment = ferry_password_dialog_get_environment (dialog);

  /* Anything else closes the prompt (the dialog does it). */
  if (g_strcmp0 (response, "connect") != 0 || environment == NULL)
    return;

  connect_environment (self, environment, ferry_password_dialog_get_password (dialog), NULL, dialog);
}

/* The prompt answered (connected, cancelled, closed): the next one. */
static void
password_prompt_destroy_cb (FerryWindow *self)
{
  PendingPrompt *next;

  g_clear_weak_pointer (&self->password_prompt);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  next = g_queue_pop_head (&self->password_queue);
  if (next == NULL)
    return;
  show_password_prompt (self, next->environment, next->message);
  pending_prompt_free (next);
}

static void
show_password_prompt (FerryWindow      *self,
                      FerryEnvironment *environment,
                      const char       *error_message)
{
  FerryPasswordDialog *dialog = ferry_password_dialog_new (GTK_WINDOW (self), environment);

  if (error_message != NULL)
    ferry_password_dialog_set_error (dialog, error_message);
  g_set_weak_pointer (&self->password_prompt, dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (password_prompt_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gint
pending_prompt_is (gconstpointer pending,
                   gconstpointer environment)
{
  return ((const PendingPrompt *) pending)->environment == environment ? 0 : 1;
}

/* Asks for ENVIRONMENT's password: at once, or after the prompt shown now
 * is answered (several environments at start: one prompt at a time). */
static void
ask_password (FerryWindow      *self,
              FerryEnvironment *environment,
              const char       *error_message)
{
  GList *queued;
  PendingPrompt *pending;

  if (self->password_prompt != NULL &&
      ferry_password_dialog_get_environment (self->password_prompt) == environment)
    {
      if (error_message != NULL)
        ferry_password_dialog_set_error (self->password_prompt, error_message);
      return;
    }

  queued = g_queue_find_custom (&self->password_queue, environment, pending_prompt_is);
  if (queued != NULL)
    {
      pending = queued->data;
      g_free (pending->message);
      pending->message = g_strdup (error_message);
      return;
    }

  if (self->password_prompt == NULL)
    {
      show_password_prompt (self, environment, error_message);
      return;
    }

  pending = g_new0 (PendingPrompt, 1);
  pending->environment = g_object_ref (environment);
  pending->message = g_strdup (error_message);
  g_queue_push_tail (&self->password_queue, pending);
}

static void
connect_requested_cb (FerryWindow          *self,
                      FerryEnvironment     *environment,
                      FerryEnvironmentPane *pane)
{
  FerryConnectionState state = ferry_environment_get_state (environment);

  if (state == FERRY_CONNECTION_STATE_CONNECTED)
    return;

  _ferry_window_connect_environment (self, environment, ferry_environment_get_is_demo (environment) ? "" : NULL, NULL);
}

/* --- last environments ------------------------------------------------------ */

static const char *last_keys[] = { "last-source-environment", "last-target-environment" };

static void
pane_environment_cb (FerryWindow          *self,
                     GParamSpec           *pspec,
                     FerryEnvironmentPane *pane)
{
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);
  guint side = ferry_environment_pane_get_side (pane);

  if (self->settings == NULL || self->restoring)
    return;

  /* Demo environments are never saved, so they are not remembered either. */
  if (environment != NULL && ferry_environment_get_is_demo (environment))
    return;

  g_settings_set_string (self->settings, last_keys[side],
                         environment != NULL ? ferry_environment_get_name (environment) : "");
}

static void
restore_last_environments (FerryWindow *self)
{
  if (self->settings == NULL)
    return;

  self->restoring = TRUE;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_settings_get_string (self->settings, last_keys[i]);
      FerryEnvironment *environment = ferry_environment_list_lookup (self->environments, name);
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (self->compare_view, i);

      if (environment == NULL || ferry_environment_get_is_demo (environment))
        continue;

      ferry_environment_pane_set_environment (pane, environment);
      if (ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED)
        _ferry_window_connect_environment (self, environment, NULL, NULL);
    }
  self->restoring = FALSE;
}

/* --- the environments menu ---------------------------------------------------- */

static void
rebuild_environment_menus (FerryWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->environments);
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  g_menu_remove_all (self->environment_section);
  g_menu_append (self->environment_section, _("_Add Environment…"), "win.add-environment");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);
      const char *name = ferry_environment_get_name (environment);
      g_autoptr(GMenuItem) edit_item = NULL;
      g_autoptr(GMenuItem) remove_item = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      if (ferry_environment_get_is_demo (environment))
        continue;

      /* Menu labels take "_" as a mnemonic: the name's own are doubled. */
      parts = g_strsplit (name, "_", -1);
      label = g_strjoinv ("__", parts);

      edit_item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (edit_item, "win.edit-environment", g_variant_new_string (name));
      g_menu_append_item (edit, edit_item);

      remove_item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (remove_item, "win.remove-environment", g_variant_new_string (name));
      g_menu_append_item (remove, remove_item);
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (edit)) > 0)
    {
      g_menu_append_submenu (self->environment_section, _("_Edit Environment"), G_MENU_MODEL (edit));
      g_menu_append_submenu (self->environment_section, _("_Remove Environment"), G_MENU_MODEL (remove));
    }
}

static void
environments_changed_cb (FerryWindow *self)
{
  rebuild_environment_menus (self);
  update_compare_page (self);
}

/* --- the demo ---------------------------------------------------------------- */

/* The demo's environments, added to the list once its servers run. */
static FerryEnvironment *
ensure_demo_environment (FerryWindow  *self,
                         FerrySandbox *sandbox)
{
  const char *name = ferry_sandbox_get_name (sandbox);
  const char *base_url = ferry_sandbox_get_base_url (sandbox);
  FerryEnvironment *environment = ferry_environment_list_lookup (self->environments, name);
  g_autoptr(FerryEnvironment) created = NULL;
  g_autoptr(GError) error = NULL;

  if (environment != NULL && ferry_environment_get_is_demo (environment) &&
      g_strcmp0 (ferry_environment_get_base_url (environment), base_url) == 0)
    return environment;

  /* A demo of an earlier run (other port): replaced. */
  if (environment != NULL && ferry_environment_get_is_demo (environment))
    ferry_environment_list_remove (self->environments, name);

  created = g_object_new (FERRY_TYPE_ENVIRONMENT,
                          "name", name,
                          "base-url", base_url,
                          "login-mode", FERRY_LOGIN_MODE_STANDARD,
                          "username", DEMO_USERNAME,
                          "remember-password", FALSE,
                          "is-demo", TRUE,
                          NULL);

  if (!ferry_environment_list_add (self->environments, created, &error))
    {
      /* The user has an environment of that name: the demo's gets another. */
      g_autofree char *other = g_strdup_printf (_("%s (Demo)"), name);

      g_clear_error (&error);
      g_clear_object (&created);
      environment = ferry_environment_list_lookup (self->environments, other);
      if (environment != NULL)
        return environment;

      created = g_object_new (FERRY_TYPE_ENVIRONMENT,
                              "name", other,
                              "base-url", base_url,
                              "login-mode", FERRY_LOGIN_MODE_STANDARD,
                              "username", DEMO_USERNAME,
                              "remember-password", FALSE,
                              "is-demo", TRUE,
                              NULL);
      if (!ferry_environment_list_add (self->environments, created, &error))
        {
          g_warning ("Could not add the demo environment %s: %s", other, error->message);
          return NULL;
        }
    }

  return created;   /* the list holds a reference */
}

static void
remove_demo_environments (FerryWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->environments);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i - 1);

      if (ferry_environment_get_is_demo (environment))
        ferry_environment_list_remove (self->environments, ferry_environment_get_name (environment));
    }
}

static void
open_demo (FerryWindow *self)
{
  GListModel *servers = ferry_demo_get_servers (self->demo);
  guint n = MIN (g_list_model_get_n_items (servers), 2);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerrySandbox) sandbox = g_list_model_get_item (servers, i);
      FerryEnvironment *environment = ensure_demo_environment (self, sandbox);
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (self->compare_view, i);

      if (environment == NULL)
        continue;

      ferry_environment_pane_set_environment (pane, environment);
      ferry_environment_pane_set_project_id (pane, DEMO_PROJECT_ID);
      if (ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED)
        _ferry_window_connect_environment (self, environment, "", NULL);
    }
}

static void
demo_notify_state_cb (FerryWindow *self,
                      GParamSpec  *pspec,
                      FerryDemo   *demo)
{
  switch (ferry_demo_get_state (demo))
    {
    case FERRY_DEMO_STATE_RUNNING:
      if (self->environments != NULL)
        open_demo (self);
      break;

    case FERRY_DEMO_STATE_STOPPED:
      if (self->environments != NULL)
        remove_demo_environments (self);
      break;

    case FERRY_DEMO_STATE_STARTING:
    default:
      break;
    }

  update_compare_page (self);
  update_demo_indicator (self);
}

/**
 * ferry_window_set_demo:
 * @demo: (nullable): the running or starting demo, or %NULL
 *
 * Opens @demo's two environments in the panes once its servers run,
 * connected, with the Tutorial project chosen.
 */
void
ferry_window_set_demo (FerryWindow *self,
                       FerryDemo   *demo)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (!demo || FERRY_IS_DEMO (demo));

  if (self->demo == demo)
    return;

  if (self->demo != NULL)
    g_signal_handlers_disconnect_by_func (self->demo, demo_notify_state_cb, self);

  g_set_object (&self->demo, demo);

  if (self->demo != NULL)
    {
      g_signal_connect_object (self->demo, "notify::state",
                               G_CALLBACK (demo_notify_state_cb), self,
                               G_CONNECT_SWAPPED);
      if (ferry_demo_get_state (self->demo) == FERRY_DEMO_STATE_RUNNING &&
          self->environments != NULL)
        open_demo (self);
    }

  update_compare_page (self);
  update_demo_indicator (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

FerryDemo *
ferry_window_get_demo (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->demo;
}

/* --- window state ------------------------------------------------------------ */

/* The size and the maximized state follow the settings as they change
 * (g_settings_bind), so that every way of quitting keeps them: the close
 * button, Ctrl+Q, g_application_quit(), a signal. GTK keeps the default
 * size at the unmaximized size. Read once: the settings are the
 * application's, shared by its windows, and one window's resize must not
 * resize the others. */
static GVariant *
window_size_to_setting (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  int size = g_value_get_int (value);
  int minimum = GPOINTER_TO_INT (user_data);

  /* -1 (unset) and 0 (not yet laid out) are not sizes to keep. */
  if (size <= 0)
    return NULL;
  return g_variant_new_int32 (CLAMP (size, minimum, 32767));
}

static void
bind_window_state (FerryWindow *self)
{
  const GSettingsBindFlags flags = G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES;

  if (self->settings == NULL)
    return;

  g_settings_bind_with_mapping (self->settings, "window-width", self, "default-width", flags,
                                NULL, window_size_to_setting, GINT_TO_POINTER (360), NULL);
  g_settings_bind_with_mapping (self->settings, "window-height", self, "default-height", flags,
                                NULL, window_size_to_setting, GINT_TO_POINTER (294), NULL);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", flags);
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);

  /* The last window closed quits: while a migration runs, asked first. */
  if (_ferry_window_ask_before_quit (self, FALSE))
    return TRUE;

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

/* --- GObject --------------------------------------------------------------------- */

/**
 * ferry_window_get_compare_view:
 *
 * Returns: (transfer none): the Compare page.
 */
FerryCompareView *
ferry_window_get_compare_view (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->compare_view;
}

/**
 * ferry_window_get_environments:
 *
 * Returns: (transfer none): the saved environments (the application's).
 */
FerryEnvironmentList *
ferry_window_get_environments (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  _ferry_window_ensure_environments (self);
  return self->environments;
}

/* --- the Migrations page, built after the first frame ------------------------ */

/* The Migrations page's view: built (a large template) once something
 * needs it, the page is shown, or the window painted its first frame,
 * whichever comes first, so that the window's first frame does not wait
 * for a page it does not show. */
FerryMigrationsView *
_ferry_window_ensure_migrations_view (FerryWindow *self)
{
  if (self->migrations_view != NULL || self->migrations_bin == NULL)
    return self->migrations_view;

  g_clear_handle_id (&self->build_idle_id, g_source_remove);
  self->migrations_view = FERRY_MIGRATIONS_VIEW (ferry_migrations_view_new ());
  ferry_migrations_view_set_toast_overlay (self->migrations_view, self->toast_overlay);
  adw_bin_set_child (self->migrations_bin, GTK_WIDGET (self->migrations_view));
  /* as the window's own template widgets (ferry_window_init) */
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self->migrations_view));
  g_signal_connect_object (self->migrations_view, "notify::n-running",
                           G_CALLBACK (_ferry_window_n_running_cb), self, G_CONNECT_SWAPPED);
  if (self->monitor != NULL)
    ferry_migrations_view_set_monitor (self->migrations_view, self->monitor);
  _ferry_window_n_running_cb (self);
  return self->migrations_view;
}

static gboolean
build_migrations_view_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->build_idle_id = 0;
  _ferry_window_ensure_migrations_view (self);
  return G_SOURCE_REMOVE;
}

static void first_frame_painted_cb (GdkFrameClock *clock,
                                    FerryWindow   *self);

static void
stop_waiting_for_first_frame (FerryWindow *self)
{
  /* by function: a clock whose surface was destroyed has no handlers left */
  if (self->first_frame_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->first_frame_clock, first_frame_painted_cb, self);
  g_clear_object (&self->first_frame_clock);
}

/* The first frame is on screen: the page is built in an idle after it
 * (before the next frame, once the events waiting were handled). */
static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FerryWindow   *self)
{
  stop_waiting_for_first_frame (self);
  if (self->migrations_view == NULL && self->build_idle_id == 0)
    self->build_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_migrations_view_cb, self, NULL);
}

static void
wait_for_first_frame (FerryWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->migrations_view != NULL || self->first_frame_clock != NULL || clock == NULL)
    return;
  self->first_frame_clock = g_object_ref (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), self);
}

static void
visible_page_cb (FerryWindow *self)
{
  update_menu (self);
  if (on_migrations_page (self))
    _ferry_window_ensure_migrations_view (self);
}

/**
 * ferry_window_get_migrations_view:
 *
 * Returns: (transfer none): the Migrations page (built now if it was not
 *   yet).
 */
FerryMigrationsView *
ferry_window_get_migrations_view (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return _ferry_window_ensure_migrations_view (self);
}

/* The application's list, shared by its windows; a window without a
 * FerryApplication keeps a list of its own (never saved). The application
 * is set after construction, hence done on demand. */
void
_ferry_window_ensure_environments (FerryWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->environments != NULL)
    return;

  if (FERRY_IS_APPLICATION (application))
    {
      FerryApplication *app = FERRY_APPLICATION (application);

      g_set_object (&self->settings, ferry_application_get_settings (app));
      self->trust_store = ferry_trust_store_new (self->settings);
      self->environments = g_object_ref (ferry_application_get_environments (app));
      self->monitor = g_object_ref (ferry_application_get_migration_monitor (app));
    }
  else
    {
      self->environments = ferry_environment_list_new (NULL);
      self->trust_store = ferry_trust_store_new (NULL);
      self->monitor = ferry_migration_monitor_new (G_LIST_MODEL (self->environments), NULL);
    }
  bind_window_state (self);

  g_signal_connect_object (self->environments, "items-changed",
                           G_CALLBACK (environments_changed_cb), self, G_CONNECT_SWAPPED);
  ferry_compare_view_set_environments (self->compare_view, G_LIST_MODEL (self->environments));
  if (self->migrations_view != NULL)
    ferry_migrations_view_set_monitor (self->migrations_view, self->monitor);
  g_signal_connect_object (self->monitor, "job-finished",
                           G_CALLBACK (_ferry_window_monitor_job_finished_cb), self, G_CONNECT_SWAPPED);

  rebuild_environment_menus (self);
  restore_last_environments (self);
  update_compare_page (self);

  if (self->demo != NULL && ferry_demo_get_state (self->demo) == FERRY_DEMO_STATE_RUNNING)
    open_demo (self);
}

static void
application_cb (FerryWindow *self)
{
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    _ferry_window_ensure_environments (self);
}

static void
ferry_window_map (GtkWidget *widget)
{
  _ferry_window_ensure_environments (FERRY_WINDOW (widget));

  GTK_WIDGET_CLASS (ferry_window_parent_class)->map (widget);
  wait_for_first_frame (FERRY_WINDOW (widget));

  if (gtk_window_get_default_widget (GTK_WINDOW (widget)) != NULL)
    gtk_widget_grab_focus (gtk_window_get_default_widget (GTK_WINDOW (widget)));
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  if (self->demo != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->demo, demo_notify_state_cb, self);
      g_clear_object (&self->demo);
    }

  if (self->environments != NULL)
    g_signal_handlers_disconnect_by_func (self->environments, environments_changed_cb, self);

  if (self->watched != NULL)
    unwatch_all (self);

  g_clear_pointer (&self->connecting, g_hash_table_unref);
  g_queue_clear_full (&self->password_queue, (GDestroyNotify) pending_prompt_free);
  if (self->password_prompt != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->password_prompt, password_prompt_destroy_cb, self);
      g_clear_weak_pointer (&self->password_prompt);
    }

  g_clear_weak_pointer (&self->quit_dialog);

  stop_waiting_for_first_frame (self);
  g_clear_handle_id (&self->build_idle_id, g_source_remove);
  /* the bin's child, gone with it */
  self->migrations_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);

  g_clear_object (&self->compare_menu);
  g_clear_object (&self->migrations_menu);

  g_clear_object (&self->environments);
  g_clear_object (&self->monitor);
  g_clear_object (&self->trust_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_finalize (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_weak_ref_clear (&self->editor);
  _ferry_window_recovery_finalize (self);

  G_OBJECT_CLASS (ferry_window_parent_class)->finalize (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_object (value, self->demo);
      break;

    case PROP_DIFFERENCES_ONLY:
      g_value_set_boolean (value, self->differences_only);
      break;

    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      ferry_window_set_demo (self, g_value_get_object (value));
      break;

    case PROP_DIFFERENCES_ONLY:
      if (self->differences_only != g_value_get_boolean (value))
        {
          self->differences_only = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_DETAILS:
      if (self->show_details != g_value_get_boolean (value))
        {
          self->show_details = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  object_class->finalize = ferry_window_finalize;
  object_class->get_property = ferry_window_get_property;
  object_class->set_property = ferry_window_set_property;

  widget_class->map = ferry_window_map;
  window_class->close_request = ferry_window_close_request;

  properties[PROP_DEMO] =
    g_param_spec_object ("demo", NULL, NULL,
                         FERRY_TYPE_DEMO,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* Mirrors of the Compare page's, for the win.* actions and shortcuts. */
  properties[PROP_DIFFERENCES_ONLY] =
    g_param_spec_boolean ("differences-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FERRY_TYPE_COMPARE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, migrations_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, migrations_bin);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, environment_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, demo_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, compare_migration_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, compare_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, migrations_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, help_section);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, demo_label);
  _ferry_window_class_add_recovery (widget_class);
  /* Not needed in code, but reachable with gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "add_environment_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "try_demo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "switcher_bar", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recovery_open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recovery_discard_button", FALSE, 0);

  _ferry_window_class_add_actions (widget_class);
  _ferry_window_class_add_files (widget_class);
  gtk_widget_class_install_property_action (widget_class, "win.differences-only", "differences-only");
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "show-details");
}

static void
ferry_window_init (FerryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->connecting = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->watched = g_ptr_array_new ();
  g_weak_ref_init (&self->editor, NULL);
  _ferry_window_recovery_init (self);
  _ferry_window_files_init (self);

  g_object_bind_property (self, "differences-only", self->compare_view, "differences-only",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "show-details", self->compare_view, "show-details",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->compare_view, "notify::can-compare",
                           G_CALLBACK (_ferry_window_can_compare_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_view, "notify::compare-result",
                           G_CALLBACK (_ferry_window_can_compare_cb), self, G_CONNECT_SWAPPED);
  _ferry_window_can_compare_cb (self);

  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (self->compare_view, i);

      g_signal_connect_object (pane, "connect-requested",
                               G_CALLBACK (connect_requested_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pane, "notify::environment",
                               G_CALLBACK (pane_environment_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pane, "notify::selected-ids",
                               G_CALLBACK (_ferry_window_update_migration_actions), self, G_CONNECT_SWAPPED);
    }

  self->compare_menu = build_menu (self, self->compare_migration_section, self->compare_section);
  self->migrations_menu = build_menu (self, self->migrations_section, NULL);
  update_demo_section (self);
  update_menu (self);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);

  /* The settings (window state), environments and monitor are the
   * application's: taken when it is set (_ferry_window_ensure_environments). */
  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);
}

FerryWindow *
ferry_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (FERRY_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
