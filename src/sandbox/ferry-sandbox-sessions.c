/* ferry-sandbox-sessions.c: the sessions of logged-in users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-sandbox-sessions.h"

struct _SbSessions
{
  GHashTable *by_token;     /* token → SbSession* (owned) */
  guint       login_count;
};

static void
session_free (SbSession *session)
{
  if (session->holder != NULL && session->holder_free != NULL)
    session->holder_free (session->holder);
  session->holder = NULL;
  g_clear_pointer (&session->imports, g_hash_table_unref);
  g_free (session->token);
  g_free (session->cookie);
  g_free (session);
}

SbSessions *
sb_sessions_new (void)
{
  SbSessions *sessions = g_new0 (SbSessions, 1);

  sessions->by_token = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) session_free);
  return sessions;
}

void
sb_sessions_free (SbSessions *sessions)
{
  if (sessions == NULL)
    return;
  g_hash_table_unref (sessions->by_token);
  g_free (sessions);
}

SbSession *
sb_sessions_add (SbSessions *sessions,
                 SbAccount  *account)
{
  SbSession *s = g_new0 (SbSession, 1);

  /* Tokens look like the vendor's: 26 lower-case alphanumerics, drawn from
   * the system's cryptographic generator like the cookie, and apart from
   * the ticket ids every error shows. */
  s->token = sb_new_token ();
  s->cookie = sb_new_hex_id ();
  s->account = account;
  s->last_used_us = g_get_monotonic_time ();
  g_hash_table_replace (sessions->by_token, s->token, s);
  sessions->login_count++;
  return s;
}

SbSession *
sb_sessions_lookup (SbSessions *sessions,
                    const char *token)
{
  if (token == NULL)
    return NULL;
  return g_hash_table_lookup (sessions->by_token, token);
}

void
sb_sessions_end (SbSessions *sessions,
                 const char *token)
{
  g_hash_table_remove (sessions->by_token, token);
}

void
sb_sessions_expire_all (SbSessions *sessions)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sessions->by_token);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((SbSession *) value)->expired = TRUE;
}

void
sb_sessions_clear (SbSessions *sessions)
{
  g_hash_table_remove_all (sessions->by_token);
}

guint
sb_sessions_get_login_count (SbSessions *sessions)
{
  return sessions->login_count;
}

guint
sb_sessions_reap (SbSessions *sessions,
                  gint64      idle_limit_us)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, sessions->by_token);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbSession *s = value;

      if (s->expired || now - s->last_used_us > idle_limit_us)
        {
          g_hash_table_iter_remove (&iter);
          n++;
        }
    }
  return n;
}

guint
sb_sessions_get_count (SbSessions *sessions)
{
  return g_hash_table_size (sessions->by_token);
}
