/* test-api-error.c: the FERRY_API_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-core.h"

#include <string.h>

static const char ticket[] = "1CC7E3B0A1D64F0C9B8E2D4F6A8C0E12";

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_domain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Disk on fire");
  gint64 code = 0;

  /* An extended domain (G_DEFINE_EXTENDED_ERROR): the quark is the type name. */
  g_assert_cmpstr (g_quark_to_string (FERRY_API_ERROR), ==, "FerryApiError");

  g_set_error_literal (&error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN, "No privilege");
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  /* a plain g_set_error has no server details */
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 0);
  g_assert_null (ferry_api_error_get_server_code (error));
  g_assert_false (ferry_api_error_get_iserver_code (error, &code));

  /* the accessors accept any error */
  g_assert_cmpuint (ferry_api_error_get_http_status (other), ==, 0);
  g_assert_null (ferry_api_error_get_ticket_id (other));
  g_assert_null (ferry_api_error_get_certificate_sha256 (other));
  {
    g_autofree char *text = ferry_api_error_describe (other);
    g_assert_cmpstr (text, ==, "Disk on fire");
  }
}

static void
test_from_status (void)
{
  static const struct {
    guint status;
    FerryApiError code;
  } cases[] = {
    { 400, FERRY_API_ERROR_BAD_REQUEST },
    { 401, FERRY_API_ERROR_UNAUTHORIZED },
    { 403, FERRY_API_ERROR_FORBIDDEN },
    { 404, FERRY_API_ERROR_NOT_FOUND },
    { 409, FERRY_API_ERROR_CONFLICT },
    { 413, FERRY_API_ERROR_BAD_REQUEST },
    { 500, FERRY_API_ERROR_SERVER },
    { 502, FERRY_API_ERROR_SERVER },
    { 503, FERRY_API_ERROR_UNAVAILABLE },
    { 302, FERRY_API_ERROR_FAILED },
    { 0, FERRY_API_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ferry_api_error_from_status (cases[i].status), ==, cases[i].code);

  g_assert_cmpint (ferry_api_error_from_server_code (401, "ERR009"), ==, FERRY_API_ERROR_SESSION_EXPIRED);
  g_assert_cmpint (ferry_api_error_from_server_code (401, "ERR003"), ==, FERRY_API_ERROR_LOGIN_FAILED);
  g_assert_cmpint (ferry_api_error_from_server_code (401, NULL), ==, FERRY_API_ERROR_UNAUTHORIZED);
  g_assert_cmpint (ferry_api_error_from_server_code (403, "ERR014"), ==, FERRY_API_ERROR_FORBIDDEN);
  g_assert_cmpint (ferry_api_error_from_server_code (400, "ERR009"), ==, FERRY_API_ERROR_BAD_REQUEST);
}

static void
test_json_body (void)
{
  g_autofree char *text = g_strdup_printf ("{\"code\":\"ERR017\",\"iServerCode\":-2147214568,"
                                           "\"message\":\"(User 'Guest' does not have Read and Write access)\","
                                           "\"ticketId\":\"%s\"}", ticket);
  g_autoptr(GBytes) body = bytes_of (text);
  g_autoptr(GError) error = ferry_api_error_new_from_response (403, "Forbidden", "application/json", body);
  g_autoptr(GError) copy = NULL;
  g_autofree char *described = NULL;
  gint64 iserver = 0;

  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "(User 'Guest' does not have Read and Write access)");
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 403);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR017");
  g_assert_cmpstr (ferry_api_error_get_ticket_id (error), ==, ticket);
  g_assert_true (ferry_api_error_get_iserver_code (error, &iserver));
  g_assert_cmpint (iserver, ==, -2147214568);
  g_assert_null (ferry_api_error_get_excerpt (error));

  described = ferry_api_error_describe (error);
  g_assert_cmpstr (described, ==, "(User 'Guest' does not have Read and Write access) (ticket "
                                  "1CC7E3B0A1D64F0C9B8E2D4F6A8C0E12)");

  /* copies keep the details (GTask and g_propagate_error copy errors) */
  copy = g_error_copy (error);
  g_assert_cmpuint (ferry_api_error_get_http_status (copy), ==, 403);
  g_assert_cmpstr (ferry_api_error_get_ticket_id (copy), ==, ticket);
  g_assert_true (ferry_api_error_get_iserver_code (copy, NULL));

  /* session expired and login failed have codes of their own */
  {
    g_autoptr(GBytes) b = bytes_of ("{\"code\":\"ERR009\",\"message\":\"The user's session has expired, "
                                    "please reauthenticate\",\"ticketId\":\"00\"}");
    g_autoptr(GError) e = ferry_api_error_new_from_response (401, NULL, "application/json", b);

    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED);
    g_assert_false (ferry_api_error_get_iserver_code (e, NULL));
  }
  {
    g_autoptr(GBytes) b = bytes_of ("{\"code\":\"ERR003\",\"message\":\"Login failed\"}");
    g_autoptr(GError) e = ferry_api_error_new_from_response (401, NULL, "application/json;charset=UTF-8", b);
    g_autofree char *d = ferry_api_error_describe (e);

    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED);
    /* no ticket: no parentheses */
    g_assert_cmpstr (d, ==, "Login failed");
  }
  /* the modeling service's form */
  {
    g_autoptr(GBytes) b = bytes_of ("{\"errors\":[{\"code\":\"8004cc4c\",\"message\":\"Table is locked\"}]}");
    g_autoptr(GError) e = ferry_api_error_new_from_response (400, NULL, "application/json", b);

    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
    g_assert_cmpstr (e->message, ==, "Table is locked");
    g_assert_cmpstr (ferry_api_error_get_server_code (e), ==, "8004cc4c");
  }
  /* JSON without a message still says what happened */
  {
    g_autoptr(GBytes) b = bytes_of ("{\"code\":\"ERR001\"}");
    g_autoptr(GError) e = ferry_api_error_new_from_response (500, NULL, "application/json", b);

    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_SERVER);
    g_assert_cmpstr (e->message, ==, "The server answered 500 Internal Server Error without saying why");
    g_assert_cmpstr (ferry_api_error_get_server_code (e), ==, "ERR001");
  }
}

static void
test_not_json (void)
{
  static const struct {
    guint       status;
    const char *content_type;
    const char *body;
    const char *message;
    const char *excerpt;
  } cases[] = {
    { 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
      "The server answered 502 Bad Gateway with an HTML page instead of JSON: “502 Bad Gateway”",
      "502 Bad Gateway" },
    { 502, NULL, "",
      "The server answered 502 Bad Gateway with an empty body instead of JSON", NULL },
    { 503, "text/plain", "busy\n",
      "The server answered 503 Service Unavailable with text instead of JSON: “busy”", "busy" },
    /* no title: the first words of the page, without markup and scripts */
    { 404, "text/html; charset=utf-8",
      "<!DOCTYPE html><html><head><style>h1{}</style></head><body><script>x=1</script>"
      "<h1>Not   Found</h1><p>The requested URL &amp; path was not found.</p></body></html>",
      "The server answered 404 Not Found with an HTML page instead of JSON: “Not Found The requested URL & path "
      "was not found.”",
      "Not Found The requested URL & path was not found." },
    /* an HTML page labelled as something else is still recognised */
    { 200, "application/octet-stream", "  <html><title>Sign in</title></html>",
      "The server answered 200 OK with an HTML page instead of JSON: “Sign in”", "Sign in" },
    { 500, "application/xml", "<error>boom</error>",
      "The server answered 500 Internal Server Error with application/xml content instead of JSON: "
      "“<error>boom</error>”", "<error>boom</error>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes_of (cases[i].body);
      g_autoptr(GError) error = ferry_api_error_new_from_response (cases[i].status, NULL, cases[i].content_type,
                                                                   body);

      g_test_message ("case %u", i);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpstr (ferry_api_error_get_content_type (error), ==, cases[i].content_type);
      g_assert_cmpstr (ferry_api_error_get_excerpt (error), ==, cases[i].excerpt);
      g_assert_null (ferry_api_error_get_server_code (error));
    }

  /* a long answer is cut, on a character boundary */
  {
    g_autoptr(GString) page = g_string_new ("<p>");
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    const char *excerpt;

    for (guint i = 0; i < 100; i++)
      g_string_append (page, "Zürich ");
    g_string_append (page, "</p>");
    body = bytes_of (page->str);
    error = ferry_api_error_new_from_response (502, "Proxy Error", "text/html", body);
    excerpt = ferry_api_error_get_excerpt (error);
    g_assert_true (g_utf8_validate (excerpt, -1, NULL));
    g_assert_true (g_str_has_suffix (excerpt, "…"));
    g_assert_cmpint (g_utf8_strlen (excerpt, -1), <=, 121);
    g_assert_true (g_str_has_prefix (error->message, "The server answered 502 Proxy Error with an HTML page"));
  }
}

static void
test_certificate (void)
{
  const char *sha = "74:07:2C:9B:75:A4:E4:16:D1:54:2C:1F:A0:19:64:20:9C:77:9B:14:27:CD:7F:27:0B:5A:54:75:51:E3:01:7F";
  g_autoptr(GError) error = ferry_api_error_new_untrusted_certificate ("server.example.com", sha,
                                                                       G_TLS_CERTIFICATE_UNKNOWN_CA);

  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED);
  g_assert_cmpstr (ferry_api_error_get_certificate_sha256 (error), ==, sha);
  g_assert_cmpstr (ferry_api_error_get_certificate_host (error), ==, "server.example.com");
  g_assert_nonnull (strstr (error->message, "server.example.com"));
  g_assert_nonnull (strstr (error->message, sha));
  g_assert_nonnull (strstr (error->message, "not signed by an authority this computer trusts"));
}

static void
test_literal (void)
{
  g_autoptr(GError) error = ferry_api_error_new_literal (FERRY_API_ERROR_CONFLICT, 409, "ERR006", ticket,
                                                         "The package is locked");
  g_autofree char *text = ferry_api_error_describe (error);

  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_CONFLICT);
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
  g_assert_cmpstr (text, ==, "The package is locked (ticket 1CC7E3B0A1D64F0C9B8E2D4F6A8C0E12)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api-error/domain", test_domain);
  g_test_add_func ("/api-error/from-status", test_from_status);
  g_test_add_func ("/api-error/json-body", test_json_body);
  g_test_add_func ("/api-error/not-json", test_not_json);
  g_test_add_func ("/api-error/certificate", test_certificate);
  g_test_add_func ("/api-error/literal", test_literal);

  return g_test_run ();
}
