/* ferry-sandbox-http.h: the HTTP layer: parses a request into an SbContext,
 * dispatches it on the route table, counts requests and plays planned
 * faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-routes.h"

G_BEGIN_DECLS

/* What a planned fault does (the values of FerrySandboxFaultKind). */
typedef enum
{
  SB_FAULT_STATUS,     /* answer with status/content-type/body instead */
  SB_FAULT_DROP,       /* close the connection without an answer */
  SB_FAULT_DELAY,      /* handle normally, but only after delay_ms */
} SbFaultKind;

typedef struct _SbHttp SbHttp;

/* HOST is borrowed and must outlive the SbHttp. */
SbHttp     *sb_http_new                 (SbHost      *host);
void        sb_http_free                (SbHttp      *http);

/* The SoupServer callback; USER_DATA is the SbHttp. Runs on the server's
 * thread and takes the state lock itself. */
void        sb_http_handler             (SoupServer        *server,
                                         SoupServerMessage *msg,
                                         const char        *path,
                                         GHashTable        *query,
                                         gpointer           user_data);

/* Connects to SERVER's "request-started": a PUT of a shared file's binary
 * is bounded by its Content-Length (413 ERR006 before its body is read)
 * and received into a temporary file of the shared storage, never
 * held in memory (sb_upload_from_message). Other request bodies are
 * buffered. */
void        sb_http_attach              (SbHttp            *http,
                                         SoupServer        *server);
/* The hooks below are called with the state lock held. */
guint       sb_http_get_request_count   (SbHttp      *http,
                                         const char  *method,
                                         const char  *route);
/* The next COUNT requests of METHOD (NULL: any) whose path below
 * /MicroStrategyLibrary starts with PATH_PREFIX get the fault. */
void        sb_http_add_fault           (SbHttp      *http,
                                         const char  *method,
                                         const char  *path_prefix,
                                         guint        count,
                                         SbFaultKind  kind,
                                         guint        status,
                                         const char  *content_type,
                                         const char  *body,
                                         guint        delay_ms);
void        sb_http_clear_faults        (SbHttp      *http);

G_END_DECLS
