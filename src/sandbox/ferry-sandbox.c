/* ferry-sandbox.c: the sandbox server object, its thread and its hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox in layers; each module includes only the headers of the
 * layers below it (and shares no code with src/core):
 *
 *   ferry-sandbox.c            the FerrySandbox object: options, thread, state
 *                              on disk, test hooks; owns the SbHost and SbHttp
 *   ferry-sandbox-http         request → SbContext, dispatch on the route
 *                              table, request counters, planned faults
 *   ferry-sandbox-routes       the route table (method, pattern, handler,
 *                              session/storage flags, privileges)
 *   ferry-sandbox-discovery,   endpoint handlers; they see the server only
 *   -packages, -migrations     through their SbContext (request, session,
 *                              store, settings, replies)
 *   ferry-sandbox-migration-jobs  shared storage files and migration jobs
 *   ferry-sandbox-context      SbHost (what the server lends handlers and
 *                              jobs) and SbContext (one request)
 *   ferry-sandbox-sessions, -search-cache
 *   ferry-sandbox-collect, -import      building and applying packages
 *   ferry-sandbox-conflicts    conflict rules, outcomes, plans
 *   ferry-sandbox-settings     package settings validation
 *   ferry-sandbox-package-file the package file format
 *   ferry-sandbox-seed         the seeds
 *   ferry-sandbox-store        objects, projects, accounts, migration
 *                              records, persistence
 *   ferry-sandbox-json         errors, time and ids, JSON helpers
 *
 * Threading: every request handler and every scheduled job runs on the
 * sandbox's own thread with the state lock held, so the layers below never
 * lock. The public hooks here take the lock themselves.
 */

#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "ferry-sandbox.h"
#include "ferry-sandbox-http.h"
#include "ferry-sandbox-journal.h"
#include "ferry-sandbox-seed.h"

#define DEFAULT_SERVER_VERSION "11.4.1000"
#define DEFAULT_MAX_PACKAGE    (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define LISTEN_BACKLOG         128

G_DEFINE_QUARK (ferry-sandbox-error-quark, ferry_sandbox_error)

struct _FerrySandbox
{
  GObject       parent_instance;

  /* Options (construct time); the others are in host.settings. */
  guint         port;
  char         *seed;
  guint         seed_migrations;
  char         *name;
  char         *server_version;
  char         *tls_cert_file;
  char         *tls_key_file;

  /* Runtime. */
  GRecMutex     lock;                 /* guards everything below */
  SbHost        host;                 /* store, settings, sessions, searches, context:
                                       * what the handlers see */
  SbHttp       *http;                 /* request counters, planned faults */

  GThread      *thread;
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

G_STATIC_ASSERT ((int) FERRY_SANDBOX_FAULT_STATUS == (int) SB_FAULT_STATUS);
G_STATIC_ASSERT ((int) FERRY_SANDBOX_FAULT_DROP == (int) SB_FAULT_DROP);
G_STATIC_ASSERT ((int) FERRY_SANDBOX_FAULT_DELAY == (int) SB_FAULT_DELAY);

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
  PROP_CLOCK_OFFSET_S,
  PROP_TLS_CERT_FILE,
  PROP_TLS_KEY_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_sandbox_finalize (GObject *object)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  ferry_sandbox_stop (self);

  g_clear_pointer (&self->host.sessions, sb_sessions_free);
  g_clear_pointer (&self->host.store, sb_store_free);
  g_clear_pointer (&self->http, sb_http_free);
  g_clear_pointer (&self->host.searches, g_hash_table_unref);
  g_clear_pointer (&self->host.search_cache, sb_search_cache_free);
  g_free (self->host.settings.state_dir);
  g_free (self->host.settings.shared_storage);
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
    case PROP_STATE_DIR: g_value_set_string (value, self->host.settings.state_dir); break;
    case PROP_SHARED_STORAGE: g_value_set_string (value, self->host.settings.shared_storage); break;
    case PROP_SEED: g_value_set_string (value, self->seed); break;
    case PROP_SEED_MIGRATIONS: g_value_set_uint (value, self->seed_migrations); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SERVER_VERSION: g_value_set_string (value, self->server_version); break;
    case PROP_WORK_DELAY_MS: g_value_set_uint (value, g_atomic_int_get (&self->host.settings.work_delay_ms)); break;
    case PROP_SESSION_TIMEOUT: g_value_set_uint (value, self->host.settings.session_timeout); break;
    case PROP_MAX_PACKAGE_BYTES: g_value_set_uint64 (value, self->host.settings.max_package_bytes); break;
    case PROP_CLOCK_OFFSET_S: g_value_set_int (value, self->host.settings.clock_offset_s); break;
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
      g_atomic_int_set (&self->host.settings.work_delay_ms, g_value_get_uint (value));
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
    case PROP_STATE_DIR: set_string (&self->host.settings.state_dir, value); break;
    case PROP_SHARED_STORAGE: set_string (&self->host.settings.shared_storage, value); break;
    case PROP_SEED: set_string (&self->seed, value); break;
    case PROP_SEED_MIGRATIONS: self->seed_migrations = g_value_get_uint (value); break;
    case PROP_NAME: set_string (&self->name, value); break;
    case PROP_SERVER_VERSION: set_string (&self->server_version, value); break;
    case PROP_SESSION_TIMEOUT: self->host.settings.session_timeout = g_value_get_uint (value); break;
    case PROP_MAX_PACKAGE_BYTES: self->host.settings.max_package_bytes = g_value_get_uint64 (value); break;
    case PROP_CLOCK_OFFSET_S: self->host.settings.clock_offset_s = g_value_get_int (value); break;
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
  properties[PROP_CLOCK_OFFSET_S] = g_param_spec_int ("clock-offset-s", NULL, NULL, -864000, 864000, 0, flags);
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
  self->host.settings.session_timeout = 1800;
  self->host.settings.max_package_bytes = DEFAULT_MAX_PACKAGE;
  self->host.lock = &self->lock;
  self->host.sessions = sb_sessions_new ();
  self->host.searches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->host.search_cache = sb_search_cache_new ();
  self->http = sb_http_new (&self->host);
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

  if (self->host.settings.state_dir == NULL)
    {
      g_set_error_literal (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_INVALID_OPTION,
                           "A state directory is required");
      return FALSE;
    }
  if (g_mkdir_with_parents (self->host.settings.state_dir, 0755) != 0)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                   "Cannot create the state directory %s: %s", self->host.settings.state_dir, g_strerror (errno));
      return FALSE;
    }

  store = sb_store_load (self->host.settings.state_dir, &local_error);
  if (store == NULL && local_error != NULL)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                   "Cannot load the state in %s: %s", self->host.settings.state_dir, local_error->message);
      return FALSE;
    }

  if (store != NULL)
    {
      /* Options given now describe the server now. */
      g_free (store->name);
      store->name = g_strdup (self->name);
      g_free (store->server_version);
      store->server_version = g_strdup (self->server_version);
      sb_store_recover_migrations (store);
      /* The compaction: the journal's commits go into a new snapshot. */
      if (!sb_store_save_all (store, self->host.settings.state_dir, &local_error))
        {
          sb_store_free (store);
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                       "Cannot write the state in %s: %s", self->host.settings.state_dir, local_error->message);
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
        sb_seed_migrations (store, self->seed_migrations);
      if (!sb_store_save_all (store, self->host.settings.state_dir, &local_error))
        {
          sb_store_free (store);
          g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                       "Cannot write the state in %s: %s", self->host.settings.state_dir, local_error->message);
          return FALSE;
        }
    }

  if (!sb_store_open_journal (store, self->host.settings.state_dir, &local_error))
    {
      sb_store_free (store);
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_STATE,
                   "Cannot open the journal in %s: %s", self->host.settings.state_dir, local_error->message);
      return FALSE;
    }

  /* The cache borrows the objects of the old store. */
  sb_search_cache_clear (self->host.search_cache);
  g_clear_pointer (&self->host.store, sb_store_free);
  self->host.store = store;
  /* Search pages are served from a name-sorted index per project
   * (ferry-sandbox-search-cache.c): make it now rather than in the first
   * search. A change makes the next search build it again. */
  for (guint i = 0; i < store->project_order->len; i++)
    {
      SbProject *p = sb_store_get_project (store, g_ptr_array_index (store->project_order, i));
      if (p != NULL)
        sb_search_cache_index (self->host.search_cache, p);
    }
#ifdef __GLIBC__
  /* Seeding and the first save build large temporary JSON trees; give
   * that memory back so the server's footprint is its data. */
  malloc_trim (0);
#endif
  return TRUE;
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
  g_autoptr(GSocket) socket = NULL;
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
  soup_server_add_handler (self->server, NULL, sb_http_handler, self->http, NULL);
  sb_http_attach (self->http, self->server);

  /* Our own socket: soup_server_listen() listens with a backlog of 10,
   * and 50 clients connecting at once got "Connection reset by peer". */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, options, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->bound_port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->base_url = g_strdup_printf ("%s://127.0.0.1:%u/MicroStrategyLibrary",
                                    cert ? "https" : "http", self->bound_port);
  self->host.tls = cert != NULL;
  return TRUE;
}

/* Expired sessions are freed on a timer, with their package holders: a
 * client that logs in and never comes back costs nothing for long. */
static gboolean
reap_sessions_cb (gpointer data)
{
  FerrySandbox *self = data;
  guint n;

  g_rec_mutex_lock (&self->lock);
  n = sb_sessions_reap (self->host.sessions,
                        (gint64) self->host.settings.session_timeout * G_USEC_PER_SEC);
  g_rec_mutex_unlock (&self->lock);
  if (n > 0)
    g_debug ("freed %u expired sessions", n);
  return G_SOURCE_CONTINUE;
}

/* Every half session timeout, at least each second, at most each minute. */
static GSource *
start_session_reaper (FerrySandbox *self)
{
  guint seconds = CLAMP (self->host.settings.session_timeout / 2, 1u, 60u);
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_name (source, "[ferry-sandbox] session reaper");
  g_source_set_callback (source, reap_sessions_cb, self, NULL);
  g_source_attach (source, self->host.context);
  return source;
}

static gpointer
server_thread (gpointer data)
{
  FerrySandbox *self = data;
  GError *error = NULL;
  GSource *reaper;

  g_main_context_push_thread_default (self->host.context);

  if (!listen_server (self, &error))
    {
      g_clear_object (&self->server);
      g_main_context_pop_thread_default (self->host.context);
      signal_started (self, error);
      return NULL;
    }

  signal_started (self, NULL);
  reaper = start_session_reaper (self);
  g_main_loop_run (self->loop);
  g_source_destroy (reaper);
  g_source_unref (reaper);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Drop the jobs still scheduled: their state is on disk, and a restart
   * turns them into failures the way a real server does. */
  g_rec_mutex_lock (&self->lock);
  sb_sessions_clear (self->host.sessions);
  g_rec_mutex_unlock (&self->lock);
  while (g_main_context_iteration (self->host.context, FALSE))
    ;

  g_main_context_pop_thread_default (self->host.context);
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

  self->host.context = g_main_context_new ();
  self->loop = g_main_loop_new (self->host.context, FALSE);
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
      g_clear_pointer (&self->host.context, g_main_context_unref);
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

  /* Answers held until their commit is durable go out first. */
  {
    SbJournal *journal = NULL;
    guint64 last = 0;

    g_rec_mutex_lock (&self->lock);
    if (self->host.store != NULL && (journal = sb_store_get_journal (self->host.store)) != NULL)
      last = sb_journal_last_seq (journal);
    g_rec_mutex_unlock (&self->lock);
    if (journal != NULL)
      sb_journal_wait (journal, last);
  }

  /* Quit from inside the server's loop: a g_main_loop_quit() from here
   * could come before the thread enters g_main_loop_run() and be lost. */
  g_main_context_invoke (self->host.context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);
  self->thread = NULL;
  /* Everything committed is on disk before the state folder is let go
   * (another server may start on it next). */
  g_rec_mutex_lock (&self->lock);
  if (self->host.store != NULL)
    sb_store_close_journal (self->host.store);
  g_rec_mutex_unlock (&self->lock);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->host.context, g_main_context_unref);
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
/* Public hooks                                                               */
/* ------------------------------------------------------------------------ */

guint
ferry_sandbox_get_login_count (FerrySandbox *self)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  g_rec_mutex_lock (&self->lock);
  n = sb_sessions_get_login_count (self->host.sessions);
  g_rec_mutex_unlock (&self->lock);
  return n;
}

guint
ferry_sandbox_get_request_count (FerrySandbox *self,
                                 const char   *method,
                                 const char   *route)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  g_rec_mutex_lock (&self->lock);
  n = sb_http_get_request_count (self->http, method, route);
  g_rec_mutex_unlock (&self->lock);
  return n;
}

guint
ferry_sandbox_get_session_count (FerrySandbox *self)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);
  g_rec_mutex_lock (&self->lock);
  n = sb_sessions_get_count (self->host.sessions);
  g_rec_mutex_unlock (&self->lock);
  return n;
}

void
ferry_sandbox_expire_sessions (FerrySandbox *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_rec_mutex_lock (&self->lock);
  sb_sessions_expire_all (self->host.sessions);
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
  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_return_if_fail (path_prefix != NULL);

  if (count == 0)
    return;

  g_rec_mutex_lock (&self->lock);
  sb_http_add_fault (self->http, method, path_prefix, count, (SbFaultKind) kind,
                     status, content_type, body, delay_ms);
  g_rec_mutex_unlock (&self->lock);
}

void
ferry_sandbox_clear_faults (FerrySandbox *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_rec_mutex_lock (&self->lock);
  sb_http_clear_faults (self->http);
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
  if (self->host.store != NULL &&
      (p = sb_store_get_space (self->host.store, project_id)) != NULL &&
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
  if (self->host.store != NULL && (p = sb_store_get_space (self->host.store, project_id)) != NULL)
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
  SbProject *p = self->host.store ? sb_store_get_space (self->host.store, project_id) : NULL;

  if (p == NULL)
    g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                 "Project '%s' does not exist", project_id);
  return p;
}

/* The object OBJECT_ID of the space PROJECT_ID (*PROJECT_OUT), or NULL with
 * FERRY_SANDBOX_ERROR_NOT_FOUND. */
static SbObject *
hook_object (FerrySandbox *self,
             const char   *project_id,
             const char   *object_id,
             SbProject   **project_out,
             GError      **error)
{
  SbProject *p = hook_space (self, project_id, error);
  SbObject *o;

  if (p == NULL)
    return NULL;
  if ((o = sb_project_get_object (p, object_id)) == NULL)
    {
      g_set_error (error, FERRY_SANDBOX_ERROR, FERRY_SANDBOX_ERROR_NOT_FOUND,
                   "Object '%s' does not exist in %s", object_id, p->name);
      return NULL;
    }
  *project_out = p;
  return o;
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
  SbProject *p = NULL;
  SbObject *o;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_rec_mutex_lock (&self->lock);
  if ((o = hook_object (self, project_id, object_id, &p, error)) == NULL)
    goto out;
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

  sb_project_touch_object (p, o->id);

  /* An edit changes the definition, so it gets a new version. */
  json_object_set_int_member (o->definition, "revision",
                              json_object_get_int_member_with_default (o->definition, "revision", 1) + 1);
  sb_object_new_version (o);
  o->modified = modified_ms > 0 ? modified_ms : sb_now_ms ();
  sb_host_save (&self->host, p);
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
  SbProject *p = NULL;
  SbObject *o;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_rec_mutex_lock (&self->lock);
  if ((o = hook_object (self, project_id, object_id, &p, error)) == NULL)
    goto out;
  sb_object_free (sb_project_steal_object (p, o->id));
  sb_host_save (&self->host, p);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->lock);
  return ok;
}
