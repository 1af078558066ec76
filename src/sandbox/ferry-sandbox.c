/* ferry-sandbox.c: the sandbox server object, its thread and its hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "ferry-sandbox-private.h"

#define DEFAULT_SERVER_VERSION "11.4.1000"
#define DEFAULT_MAX_PACKAGE    (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)

G_DEFINE_QUARK (ferry-sandbox-error-quark, ferry_sandbox_error)

typedef struct
{
  char                 *method;       /* NULL = any */
  char                 *path_prefix;
  guint                 remaining;
  SbFault               fault;
} PlannedFault;

struct _FerrySandbox
{
  GObject       parent_instance;

  /* Options (construct time). */
  guint         port;
  char         *state_dir;
  char         *shared_storage;
  char         *seed;
  guint         seed_migrations;
  char         *name;
  char         *server_version;
  guint         work_delay_ms;
  guint         session_timeout;
  guint64       max_package_bytes;
  char         *tls_cert_file;
  char         *tls_key_file;

  /* Runtime. */
  GRecMutex     lock;                 /* guards everything below */
  SbStore      *store;
  GHashTable   *sessions;             /* token → SbSession* */
  GHashTable   *request_counts;       /* "METHOD route" → count */
  GHashTable   *searches;             /* searchId → GPtrArray */
  SbSearchCache *search_cache;        /* recent quick searches */
  GList        *faults;               /* PlannedFault* */
  guint         login_count;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base_url;
  guint         bound_port;
  gboolean      running;

  /* Start handshake. */
  GMutex        start_mutex;
  GCond         start_cond;
  gboolean      start_done;
  GError       *start_error;
};

G_DEFINE_FINAL_TYPE (FerrySandbox, ferry_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_STATE_DIR,
  PROP_SHARED_STORAGE,
  PROP_SEED,
  PROP_SEED_MIGRATIONS,
  PROP_NAME,
  PROP_SERVER_VERSION,
  PROP_WORK_DELAY_MS,
  PROP_SESSION_TIMEOUT,
  PROP_MAX_PACKAGE_BYTES,
  PROP_TLS_CERT_FILE,
  PROP_TLS_KEY_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
sb_fault_clear (SbFault *fault)
{
  g_clear_pointer (&fault->content_type, g_free);
  g_clear_pointer (&fault->body, g_free);
}

static void
planned_fault_free (PlannedFault *pf)
{
  g_free (pf->method);
  g_free (pf->path_prefix);
  sb_fault_clear (&pf->fault);
  g_free (pf);
}

static void
session_free (SbSession *session)
{
  g_clear_pointer (&session->holder, sb_holder_free);
  g_clear_pointer (&session->imports, g_hash_table_unref);
  g_free (session->token);
  g_free (session->cookie);
  g_free (session);
}

static void
ferry_sandbox_finalize (GObject *object)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  ferry_sandbox_stop (self);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->store, sb_store_free);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_clear_pointer (&self->searches, g_hash_table_unref);
  g_clear_pointer (&self->search_cache, sb_search_cache_free);
  g_list_free_full (self->faults, (GDestroyNotify) planned_fault_free);
  g_free (self->state_dir);
  g_free (self->shared_storage);
  g_free (self->seed);
  g_free (self->name);
  g_free (self->server_version);
  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  g_free (self->base_url);
  g_clear_error (&self->start_error);
  g_rec_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_mutex);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (ferry_sandbox_parent_class)->finalize (object);
}

static void
ferry_sandbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_STATE_DIR: g_value_set_string (value, self->state_dir); break;
    case PROP_SHARED_STORAGE: g_value_set_string (value, self->shared_storage); break;
    case PROP_SEED: g_value_set_string (value, self->seed); break;
    case PROP_SEED_MIGRATIONS: g_value_set_uint (value, self->seed_migrations); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SERVER_VERSION: g_value_set_string (value, self->server_version); break;
    case PROP_WORK_DELAY_MS: g_value_set_uint (value, g_atomic_int_get (&self->work_delay_ms)); break;
    case PROP_SESSION_TIMEOUT: g_value_set_uint (value, self->session_timeout); break;
    case PROP_MAX_PACKAGE_BYTES: g_value_set_uint64 (value, self->max_package_bytes); break;
    case PROP_TLS_CERT_FILE: g_value_set_string (value, self->tls_cert_file); break;
    case PROP_TLS_KEY_FILE: g_value_set_string (value, self->tls_key_file); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_string (char       **field,
            const GValue *value)
{
  g_free (*field);
  *field = g_value_dup_string (value);
}

static void
ferry_sandbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  /* The one setting a test may change while the server runs: a slow
   * server, then a fast one again. Read by the work threads atomically. */
  if (prop_id == PROP_WORK_DELAY_MS)
    {
      g_atomic_int_set (&self->work_delay_ms, g_value_get_uint (value));
      return;
    }

  if (self->running)
    {
      g_warning ("FerrySandbox: property %s set while running is ignored", pspec->name);
      return;
    }

  switch (prop_id)
    {
    case PROP_PORT: self->port = g_value_get_uint (value); break;
    case PROP_STATE_DIR: set_string (&self->state_dir, value); break;
    case PROP_SHARED_STORAGE: set_string (&self->shared_storage, value); break;
    case PROP_SEED: set_string (&self->seed, value); break;
    case PROP_SEED_MIGRATIONS: self->seed_migrations = g_value_get_uint (value); break;
    case PROP_NAME: set_string (&self->name, value); break;
    case PROP_SERVER_VERSION: set_string (&self->server_version, value); break;
    case PROP_SESSION_TIMEOUT: self->session_timeout = g_value_get_uint (value); break;
    case PROP_MAX_PACKAGE_BYTES: self->max_package_bytes = g_value_get_uint64 (value); break;
    case PROP_TLS_CERT_FILE: set_string (&self->tls_cert_file, value); break;
    case PROP_TLS_KEY_FILE: set_string (&self->tls_key_file, value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
ferry_sandbox_class_init (FerrySandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_sandbox_finalize;
  object_class->get_property = ferry_sandbox_get_property;
  object_class->set_property = ferry_sandbox_set_property;

  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_STATE_DIR] = g_param_spec_string ("state-dir", NULL, NULL, NULL, flags);
  properties[PROP_SHARED_STORAGE] = g_param_spec_string ("shared-storage", NULL, NULL, NULL, flags);
  properties[PROP_SEED] = g_param_spec_string ("seed", NULL, NULL, "empty", flags);
  properties[PROP_SEED_MIGRATIONS] = g_param_spec_uint ("seed-migrations", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "Library", flags);
  properties[PROP_SERVER_VERSION] = g_param_spec_string ("server-version", NULL, NULL, DEFAULT_SERVER_VERSION, flags);
  properties[PROP_WORK_DELAY_MS] = g_param_spec_uint ("work-delay-ms", NULL, NULL, 0, 600000, 0, flags);
  properties[PROP_SESSION_TIMEOUT] = g_param_spec_uint ("session-timeout", NULL, NULL, 1, G_MAXUINT, 1800, flags);
  properties[PROP_MAX_PACKAGE_BYTES] = g_param_spec_uint64 ("max-package-bytes", NULL, NULL, 1, G_MAXUINT64,
                                                            DEFAULT_MAX_PACKAGE, flags);
  properties[PROP_TLS_CERT_FILE] = g_param_spec_string ("tls-cert-file", NULL, NULL, NULL, flags);
  properties[PROP_TLS_KEY_FILE] = g_param_spec_string ("tls-key-file", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sandbox_init (FerrySandbox *self)
{
  g_rec_mutex_init (&self->lock);
  g_mutex_init (&self->start_mutex);
  g_cond_init (&self->start_cond);
  self->seed = g_strdup ("empty");
  self->name = g_strdup ("Library");
  self->server_version = g_strdup (DEFAULT_SERVER_VERSION);
  self->session_timeout = 1800;
  self->max_package_bytes = DEFAULT_MAX_PACKAGE;
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) session_free);
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->searches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->search_cache = sb_search_cache_new ();
}

FerrySandbox *
ferry_sandbox_new (const char *state_dir,
                   const char *seed)
{
  return g_object_new (FERRY_TYPE_SANDBOX,
                       "state-dir", state_dir,
                       "seed", seed ? seed : "empty",
                       NULL);
}

/* ------------------------------------------------------------------------ */
/* State                                                                      */
/* ------------------------------------------------------------------------ */

static gboolean
load_or_seed (FerrySandbox *self,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  SbStore *store;

  if (self->state_dir == NULL)
    {
      g_set_error_literal (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_INVALID_OPTION,
                           "A state directory is required");
      return FALSE;
    }
  if (g_mkdir_with_parents (self->state_dir, 0755) != 0)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                   "Cannot create the state directory %s: %s", self->state_dir, g_strerror (errno));
      return FALSE;
    }

  store = sb_store_load (self->state_dir, &local_error);
  if (store == NULL && local_error != NULL)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                   "Cannot load the state in %s: %s", self->state_dir, local_error->message);
      return FALSE;
    }

  if (store != NULL)
    {
      /* Options given now describe the server now. */
      g_free (store->name);
      store->name = g_strdup (self->name);
      g_free (store->server_version);
      store->server_version = g_strdup (self->server_version);
      sb_migrations_recover (store);
      if (!sb_store_save_meta (store, self->state_dir, &local_error))
        {
          sb_store_free (store);
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                       "Cannot write the state in %s: %s", self->state_dir, local_error->message);
          return FALSE;
        }
    }
  else
    {
      store = sb_store_new (self->name, self->server_version);
      if (!sb_seed_apply (store, self->seed, &local_error))
        {
          sb_store_free (store);
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_INVALID_OPTION,
                       "%s", local_error->message);
          return FALSE;
        }
      if (self->seed_migrations > 0)
        sb_migrations_seed (store, self->seed_migrations);
      if (!sb_store_save_all (store, self->state_dir, &local_error))
        {
          sb_store_free (store);
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                       "Cannot write the state in %s: %s", self->state_dir, local_error->message);
          return FALSE;
        }
    }

  /* The cache borrows the objects of the old store. */
  sb_search_cache_clear (self->search_cache);
  g_clear_pointer (&self->store, sb_store_free);
  self->store = store;
#ifdef __GLIBC__
  /* Seeding and the first save build large temporary JSON trees; give
   * that memory back so the server's footprint is its data. */
  malloc_trim (0);
#endif
  return TRUE;
}

void
sb_sandbox_save (FerrySandbox *self,
                 SbProject    *project)
{
  g_autoptr(GError) error = NULL;

  if (project != NULL && !sb_store_save_project (self->store, project, self->state_dir, &error))
    {
      g_warning ("Cannot save project %s: %s", project->id, error->message);
      g_clear_error (&error);
    }
  if (!sb_store_save_meta (self->store, self->state_dir, &error))
    g_warning ("Cannot save the sandbox state: %s", error->message);
}

/* ------------------------------------------------------------------------ */
/* Thread                                                                     */
/* ------------------------------------------------------------------------ */

static void
signal_started (FerrySandbox *self,
                GError       *error)
{
  g_mutex_lock (&self->start_mutex);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_mutex);
}

static gboolean
listen_server (FerrySandbox *self,
               GError      **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  g_autoptr(GTlsCertificate) cert = NULL;
  GSList *uris;
  SoupServerListenOptions options = 0;

  if (self->tls_cert_file != NULL || self->tls_key_file != NULL)
    {
      if (self->tls_cert_file == NULL || self->tls_key_file == NULL)
        {
          g_set_error_literal (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_INVALID_OPTION,
                               "--tls-cert and --tls-key must be given together");
          return FALSE;
        }
      cert = g_tls_certificate_new_from_files (self->tls_cert_file, self->tls_key_file, error);
      if (cert == NULL)
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->server = soup_server_new ("server-header", "MicroStrategyLibrary (Ferry sandbox)",
                                  "tls-certificate", cert,
                                  NULL);
  soup_server_add_handler (self->server, NULL, sb_http_handler, self, NULL);

  if (!soup_server_listen (self->server, address, options, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->bound_port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->base_url = g_strdup_printf ("%s://127.0.0.1:%u/MicroStrategyLibrary",
                                    cert ? "https" : "http", self->bound_port);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  FerrySandbox *self = data;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  if (!listen_server (self, &error))
    {
      g_clear_object (&self->server);
      g_main_context_pop_thread_default (self->context);
      signal_started (self, error);
      return NULL;
    }

  signal_started (self, NULL);
  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Drop the jobs still scheduled: their state is on disk, and a restart
   * turns them into failures the way a real server does. */
  g_rec_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->sessions);
  g_rec_mutex_unlock (&self->lock);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
ferry_sandbox_start (FerrySandbox *self,
                     GError      **error)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!load_or_seed (self, error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  g_rec_mutex_unlock (&self->lock);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;
  g_clear_error (&self->start_error);

  self->thread = g_thread_new ("ferry-sandbox", server_thread, self);

  g_mutex_lock (&self->start_mutex);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_mutex);
  g_mutex_unlock (&self->start_mutex);

  if (self->start_error != NULL)
    {
      g_thread_join (self->thread);
      self->thread = NULL;
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return FALSE;
    }

  self->running = TRUE;
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
ferry_sandbox_stop (FerrySandbox *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX (self));

  if (!self->running)
    return;

  /* Quit from inside the server's loop: a g_main_loop_quit() from here
   * could come before the thread enters g_main_loop_run() and be lost. */
  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);
  self->thread = NULL;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->running = FALSE;
}

gboolean
ferry_sandbox_is_running (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  return self->running;
}

const char *
ferry_sandbox_get_base_url (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);
  return self->base_url;
}

guint
ferry_sandbox_get_port (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  return self->bound_port;
}

const char *
ferry_sandbox_get_name (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);
  return self->name;
}

/* ------------------------------------------------------------------------ */
/* For the route files                                                        */
/* ------------------------------------------------------------------------ */

SbStore *
sb_sandbox_get_store (FerrySandbox *self)
{
  return self->store;
}

const char *
sb_sandbox_get_state_dir (FerrySandbox *self)
{
  return self->state_dir;
}

const char *
sb_sandbox_get_shared_storage (FerrySandbox *self)
{
  return self->shared_storage;
}

guint
sb_sandbox_get_work_delay_ms (FerrySandbox *self)
{
  return g_atomic_int_get (&self->work_delay_ms);
}

guint64
sb_sandbox_get_max_package_bytes (FerrySandbox *self)
{
  return self->max_package_bytes;
}

GRecMutex *
sb_sandbox_get_lock (FerrySandbox *self)
{
  return &self->lock;
}

GMainContext *
sb_sandbox_get_context (FerrySandbox *self)
{
  return self->context;
}

gboolean
sb_sandbox_is_tls (FerrySandbox *self)
{
  return g_str_has_prefix (self->base_url ? self->base_url : "", "https:");
}

guint
sb_sandbox_get_session_timeout (FerrySandbox *self)
{
  return self->session_timeout;
}

GHashTable *
sb_sandbox_get_searches (FerrySandbox *self)
{
  return self->searches;
}

SbSearchCache *
sb_sandbox_get_search_cache (FerrySandbox *self)
{
  return self->search_cache;
}

typedef struct
{
  FerrySandbox  *self;
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify destroy;
} Job;

static gboolean
job_dispatch (gpointer user_data)
{
  Job *job = user_data;
  gboolean again;

  g_rec_mutex_lock (&job->self->lock);
  again = job->func (job->data);
  g_rec_mutex_unlock (&job->self->lock);
  return again;
}

static void
job_free (gpointer user_data)
{
  Job *job = user_data;

  if (job->destroy)
    job->destroy (job->data);
  g_free (job);
}

guint
sb_sandbox_schedule (FerrySandbox  *self,
                     guint          interval_ms,
                     GSourceFunc    func,
                     gpointer       data,
                     GDestroyNotify destroy)
{
  g_autoptr(GSource) source = g_timeout_source_new (interval_ms);
  Job *job = g_new0 (Job, 1);

  job->self = self;
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  g_source_set_callback (source, job_dispatch, job, job_free);
  g_source_set_static_name (source, "[ferry-sandbox job]");
  return g_source_attach (source, self->context);
}

void
sb_sandbox_unschedule (FerrySandbox *self,
                       guint         source_id)
{
  GSource *source;

  if (source_id == 0 || self->context == NULL)
    return;
  source = g_main_context_find_source_by_id (self->context, source_id);
  if (source != NULL)
    g_source_destroy (source);
}

SbSession *
sb_sandbox_lookup_session (FerrySandbox *self,
                           const char   *token)
{
  if (token == NULL)
    return NULL;
  return g_hash_table_lookup (self->sessions, token);
}

SbSession *
sb_sandbox_new_session (FerrySandbox *self,
                        SbAccount    *account)
{
  SbSession *s = g_new0 (SbSession, 1);
  g_autofree char *t1 = sb_new_ticket_id ();

  /* Tokens look like the vendor's: 26 lower-case alphanumerics. */
  s->token = g_strndup (t1, 26);
  s->cookie = sb_new_hex_id ();
  s->account = account;
  s->last_used_us = g_get_monotonic_time ();
  s->imports = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) sb_import_process_free);
  g_hash_table_replace (self->sessions, s->token, s);
  return s;
}

void
sb_sandbox_end_session (FerrySandbox *self,
                        const char   *token)
{
  g_hash_table_remove (self->sessions, token);
}

void
sb_sandbox_count_request (FerrySandbox *self,
                          const char   *method,
                          const char   *route)
{
  char *key = g_strdup_printf ("%s %s", method, route);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));

  g_hash_table_replace (self->request_counts, key, GUINT_TO_POINTER (n + 1));
}

void
sb_sandbox_count_login (FerrySandbox *self)
{
  self->login_count++;
}

gboolean
sb_sandbox_take_fault (FerrySandbox *self,
                       const char   *method,
                       const char   *path,
                       SbFault      *fault)
{
  for (GList *l = self->faults; l; l = l->next)
    {
      PlannedFault *pf = l->data;

      if (pf->method != NULL && g_ascii_strcasecmp (pf->method, method) != 0)
        continue;
      if (!g_str_has_prefix (path, pf->path_prefix))
        continue;

      fault->kind = pf->fault.kind;
      fault->status = pf->fault.status;
      fault->content_type = g_strdup (pf->fault.content_type);
      fault->body = g_strdup (pf->fault.body);
      fault->delay_ms = pf->fault.delay_ms;
      if (--pf->remaining == 0)
        {
          self->faults = g_list_delete_link (self->faults, l);
          planned_fault_free (pf);
        }
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Public hooks                                                               */
/* ------------------------------------------------------------------------ */

guint
ferry_sandbox_get_login_count (FerrySandbox *self)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  g_rec_mutex_lock (&self->lock);
  n = self->login_count;
  g_rec_mutex_unlock (&self->lock);
  return n;
}

guint
ferry_sandbox_get_request_count (FerrySandbox *self,
                                 const char   *method,
                                 const char   *route)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, route);
  guint n;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  g_rec_mutex_lock (&self->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));
  g_rec_mutex_unlock (&self->lock);
  return n;
}

void
ferry_sandbox_expire_sessions (FerrySandbox *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_rec_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((SbSession *) value)->expired = TRUE;
  g_rec_mutex_unlock (&self->lock);
}

void
ferry_sandbox_add_fault (FerrySandbox         *self,
                         const char           *method,
                         const char           *path_prefix,
                         guint                 count,
                         FerrySandboxFaultKind kind,
                         guint                 status,
                         const char           *content_type,
                         const char           *body,
                         guint                 delay_ms)
{
  PlannedFault *pf;

  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_return_if_fail (path_prefix != NULL);

  if (count == 0)
    return;

  pf = g_new0 (PlannedFault, 1);
  pf->method = g_strdup (method);
  pf->path_prefix = g_strdup (path_prefix);
  pf->remaining = count;
  pf->fault.kind = kind;
  pf->fault.status = status;
  pf->fault.content_type = g_strdup (content_type);
  pf->fault.body = g_strdup (body);
  pf->fault.delay_ms = delay_ms;

  g_rec_mutex_lock (&self->lock);
  self->faults = g_list_append (self->faults, pf);
  g_rec_mutex_unlock (&self->lock);
}

void
ferry_sandbox_clear_faults (FerrySandbox *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_rec_mutex_lock (&self->lock);
  g_list_free_full (self->faults, (GDestroyNotify) planned_fault_free);
  self->faults = NULL;
  g_rec_mutex_unlock (&self->lock);
}

static JsonNode *
object_full_json (SbProject *p,
                  SbObject  *o)
{
  JsonNode *node = sb_project_object_to_api (p, o, TRUE, TRUE);
  JsonObject *obj = json_node_get_object (node);
  JsonArray *uses = json_array_new ();
  g_autoptr(JsonNode) def = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < o->uses->len; i++)
    json_array_add_string_element (uses, g_ptr_array_index (o->uses, i));
  json_object_set_array_member (obj, "uses", uses);
  json_node_set_object (def, o->definition);
  json_object_set_member (obj, "definition", sb_json_deep_copy (def));
  if (o->parent_id)
    json_object_set_string_member (obj, "parentId", o->parent_id);
  return node;
}

JsonNode *
ferry_sandbox_dup_object (FerrySandbox *self,
                          const char   *project_id,
                          const char   *object_id)
{
  JsonNode *node = NULL;
  SbProject *p;
  SbObject *o;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);
  g_rec_mutex_lock (&self->lock);
  if (self->store != NULL &&
      (p = sb_store_get_space (self->store, project_id)) != NULL &&
      (o = sb_project_get_object (p, object_id)) != NULL)
    node = object_full_json (p, o);
  g_rec_mutex_unlock (&self->lock);
  return node;
}

static int
by_id (gconstpointer pa,
       gconstpointer pb)
{
  return strcmp ((*(SbObject * const *) pa)->id, (*(SbObject * const *) pb)->id);
}

JsonNode *
ferry_sandbox_dup_objects (FerrySandbox *self,
                           const char   *project_id)
{
  JsonNode *node = NULL;
  SbProject *p;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);
  g_rec_mutex_lock (&self->lock);
  if (self->store != NULL && (p = sb_store_get_space (self->store, project_id)) != NULL)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();
      JsonArray *array = json_array_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, p->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (all, value);
      g_ptr_array_sort (all, by_id);
      for (guint i = 0; i < all->len; i++)
        json_array_add_element (array, object_full_json (p, g_ptr_array_index (all, i)));
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
    }
  g_rec_mutex_unlock (&self->lock);
  return node;
}

static SbProject *
hook_space (FerrySandbox *self,
            const char   *project_id,
            GError      **error)
{
  SbProject *p = self->store ? sb_store_get_space (self->store, project_id) : NULL;

  if (p == NULL)
    g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                 "Project '%s' does not exist", project_id);
  return p;
}

gboolean
ferry_sandbox_modify_object (FerrySandbox *self,
                             const char   *project_id,
                             const char   *object_id,
                             const char   *new_name,
                             const char   *new_parent_id,
                             gint64        modified_ms,
                             GError      **error)
{
  gboolean ok = FALSE;
  SbProject *p;
  SbObject *o;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_rec_mutex_lock (&self->lock);
  if ((p = hook_space (self, project_id, error)) == NULL)
    goto out;
  if ((o = sb_project_get_object (p, object_id)) == NULL)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                   "Object '%s' does not exist in %s", object_id, p->name);
      goto out;
    }
  if (new_parent_id != NULL)
    {
      SbObject *folder = sb_project_get_object (p, new_parent_id);
      if (folder == NULL || folder->type != SB_TYPE_FOLDER)
        {
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                       "Folder '%s' does not exist in %s", new_parent_id, p->name);
          goto out;
        }
      g_free (o->parent_id);
      o->parent_id = g_strdup (new_parent_id);
    }
  if (new_name != NULL)
    {
      g_free (o->name);
      o->name = g_strdup (new_name);
    }

  sb_project_touch (p);

  /* An edit changes the definition, so it gets a new version. */
  json_object_set_int_member (o->definition, "revision",
                              json_object_get_int_member_with_default (o->definition, "revision", 1) + 1);
  sb_object_new_version (o);
  o->modified = modified_ms > 0 ? modified_ms : sb_now_ms ();
  sb_sandbox_save (self, p);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
ferry_sandbox_delete_object (FerrySandbox *self,
                             const char   *project_id,
                             const char   *object_id,
                             GError      **error)
{
  gboolean ok = FALSE;
  SbProject *p;
  SbObject *o;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_rec_mutex_lock (&self->lock);
  if ((p = hook_space (self, project_id, error)) == NULL)
    goto out;
  if ((o = sb_project_steal_object (p, object_id)) == NULL)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                   "Object '%s' does not exist in %s", object_id, p->name);
      goto out;
    }
  sb_object_free (o);
  sb_sandbox_save (self, p);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}
