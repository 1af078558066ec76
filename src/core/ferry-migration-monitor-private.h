/* ferry-migration-monitor-private.h: what the monitor's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-migration-monitor.c (polling, resume, jobs, actions, the GObject)
 * and ferry-migration-monitor-listing.c (environments, listings, records
 * in).
 */

#pragma once

#include "ferry-migration-monitor.h"

G_BEGIN_DECLS

/* The priority of the monitor's own main-loop work (feeding the list,
 * "changed"): above the redraw of a toolkit (GTK lays out at
 * G_PRIORITY_HIGH_IDLE + 10 and draws at + 20). Below it, a window that
 * animates (a spinner asks for every frame) and draws slower than its
 * frame rate (GL on a software rasteriser) always has a frame due, and
 * the work never runs: the listing never ended (issue 11, finding 5). The
 * feed still gives way to the frames between its helpings: the next one
 * waits for the main loop to have nothing more urgent (an idle below the
 * redraw), or at most FEED_MAX_PAUSE_MS (a timeout at this priority). */
#define FERRY_MIGRATION_MONITOR_PRIORITY (G_PRIORITY_HIGH_IDLE + 15)

typedef struct
{
  FerryMigrationMonitor *monitor;       /* borrowed: states die with it */
  FerryEnvironment      *environment;
  gulong                 notify_handler;
  FerryConnection       *connection;    /* while connected */
  char                  *key;           /* of the environment's base URL */
  GHashTable            *known;         /* ids read from the connection */
  GHashTable            *seen;          /* ids listed by the listing under way */
  GCancellable          *cancellable;   /* the listing */
  guint                  generation;    /* of the listing: stale pages are dropped */
  gboolean               listing;
  gboolean               listed;        /* a listing ended (well or not) */
  gboolean               list_again;    /* a refresh came during the listing */
  guint                  n_listed;
  gint64                 total;
  GError                *error;         /* of the last listing */
} EnvState;

typedef struct
{
  EnvState       *env;
  guint           generation;
  FerryMigrationRecord *record;         /* NULL: the end of the listing */
  FerryMigration *prepared;             /* nullable: made from record in a worker */
} Pending;

typedef struct
{
  FerryJob *job;
  gboolean  owned;                      /* run by the monitor: cancelled in dispose */
  gulong    handlers[4];
} Watched;

struct _FerryMigrationMonitor
{
  GObject             parent_instance;

  /* given */
  GListModel         *environments;
  gulong              environments_handler;
  GSettings          *settings;         /* nullable */

  /* owned */
  GCancellable       *cancellable;
  GPtrArray          *envs;             /* EnvState */
  GHashTable         *names;            /* key → environment name */
  GHashTable         *key_cache;        /* environment id → key ("" for none) */
  FerryMigrationList *list;
  gboolean            auto_resume;
  guint               page_size;

  /* feeding */
  GQueue              pending;          /* Pending */
  guint               feed_idle;        /* the next helping: an idle */
  guint               feed_timeout;     /* … or at the latest this timeout */
  gboolean            feed_holding;     /* the list held across helpings */
  guint               feed_show;        /* when to show what is held */
  gint64              feed_released_us; /* when the list last showed them */

  /* changes */
  GHashTable         *busy;             /* ids of migrations the servers work on */
  GHashTable         *waiting;          /* ids of requests waiting for an approver */
  guint               changes_idle;
  guint               n_running;
  gboolean            loading;

  /* polling */
  guint               poll_min_ms;
  guint               poll_max_ms;
  guint               poll_source;
  guint               poll_interval_ms;
  guint               polls_pending;
  gboolean            poll_changed;

  /* jobs, own migrations, actions */
  GHashTable         *jobs;             /* id → Watched */
  GHashTable         *unnamed;          /* FerryJob → Watched: id not known yet */
  GHashTable         *own_ids;          /* ids started from this computer */
  GHashTable         *actions_running;  /* ids with a PATCH under way */
  GHashTable         *last_errors;      /* id → GError */
  GHashTable         *toc_views;        /* id → JsonObject (packageInfo.tocView) */
  GHashTable         *toc_fetching;     /* id → error message, or "" while fetching */
};

/* ferry-migration-monitor.c */
void      _ferry_migration_monitor_queue_changes   (FerryMigrationMonitor *self);
FerryJob *_ferry_migration_monitor_running_job     (FerryMigrationMonitor *self,
                                                    const char            *migration_id);
void      _ferry_migration_monitor_set_loading     (FerryMigrationMonitor *self);
void      _ferry_migration_monitor_feed_show       (FerryMigrationMonitor *self);
void      _ferry_migration_monitor_names_changed   (FerryMigrationMonitor *self);

/* ferry-migration-monitor-listing.c */
void      _ferry_migration_monitor_take_record     (FerryMigrationMonitor *self,
                                                    FerryConnection       *connection,
                                                    JsonObject            *record);
void      _ferry_migration_monitor_forget_record   (FerryMigrationMonitor *self,
                                                    FerryConnection       *connection,
                                                    const char            *migration_id);
void      _ferry_migration_monitor_sync_environments (FerryMigrationMonitor *self);
void      _ferry_migration_monitor_environments_changed_cb (GListModel            *model,
                                                            guint                  position,
                                                            guint                  removed,
                                                            guint                  added,
                                                            FerryMigrationMonitor *self);
void      _ferry_migration_monitor_env_state_free  (EnvState              *env);
void      _ferry_migration_monitor_env_start_listing (EnvState            *env);
/* Lists ENV again; a listing under way is followed by one more. */
void      _ferry_migration_monitor_env_refresh       (EnvState            *env);
void      _ferry_migration_monitor_pending_free    (Pending               *pending);

G_END_DECLS
