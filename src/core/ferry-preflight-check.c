/* ferry-preflight-check.c: one check of a pre-flight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preflight"

#include "config.h"

#include "ferry-preflight-check.h"

G_DEFINE_ENUM_TYPE (FerryPreflightState, ferry_preflight_state,
  G_DEFINE_ENUM_VALUE (FERRY_PREFLIGHT_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (FERRY_PREFLIGHT_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (FERRY_PREFLIGHT_PASSED, "passed"),
  G_DEFINE_ENUM_VALUE (FERRY_PREFLIGHT_NOTE, "note"),
  G_DEFINE_ENUM_VALUE (FERRY_PREFLIGHT_FAILED, "failed"))

struct _FerryPreflightCheck
{
  GObject              parent_instance;

  char                *title;
  FerryPreflightState  state;
  char                *message;
  char                *action;
  gboolean             blocking;
};

G_DEFINE_FINAL_TYPE (FerryPreflightCheck, ferry_preflight_check, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_ACTION,
  PROP_BLOCKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_preflight_check_finalize (GObject *object)
{
  FerryPreflightCheck *self = FERRY_PREFLIGHT_CHECK (object);

  g_free (self->title);
  g_free (self->message);
  g_free (self->action);
  G_OBJECT_CLASS (ferry_preflight_check_parent_class)->finalize (object);
}

static void
ferry_preflight_check_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryPreflightCheck *self = FERRY_PREFLIGHT_CHECK (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_BLOCKING: g_value_set_boolean (value, self->blocking); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preflight_check_class_init (FerryPreflightCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_preflight_check_finalize;
  object_class->get_property = ferry_preflight_check_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_PREFLIGHT_STATE,
                                              FERRY_PREFLIGHT_PENDING, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_BLOCKING] = g_param_spec_boolean ("blocking", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_preflight_check_init (FerryPreflightCheck *self)
{
  self->state = FERRY_PREFLIGHT_PENDING;
}

FerryPreflightCheck *
ferry_preflight_check_new (const char *title,
                           gboolean    blocking)
{
  FerryPreflightCheck *self = g_object_new (FERRY_TYPE_PREFLIGHT_CHECK, NULL);

  self->title = g_strdup (title);
  self->blocking = blocking;
  return self;
}

const char *
ferry_preflight_check_get_title (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), NULL);
  return self->title;
}

FerryPreflightState
ferry_preflight_check_get_state (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), FERRY_PREFLIGHT_PENDING);
  return self->state;
}

const char *
ferry_preflight_check_get_message (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), NULL);
  return self->message;
}

const char *
ferry_preflight_check_get_action (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), NULL);
  return self->action;
}

gboolean
ferry_preflight_check_get_blocking (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), FALSE);
  return self->blocking;
}

gboolean
ferry_preflight_check_blocks (FerryPreflightCheck *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_CHECK (self), FALSE);
  return self->blocking && self->state == FERRY_PREFLIGHT_FAILED;
}

void
ferry_preflight_check_set_result (FerryPreflightCheck *self,
                                  FerryPreflightState  state,
                                  const char          *message,
                                  const char          *action)
{
  g_return_if_fail (FERRY_IS_PREFLIGHT_CHECK (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (g_strcmp0 (self->action, action) != 0)
    {
      g_free (self->action);
      self->action = g_strdup (action);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
