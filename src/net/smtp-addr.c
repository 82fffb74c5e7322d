/* smtp-addr.c: checking an envelope address before it goes into MAIL FROM or RCPT TO. */
#include "net/smtp.h"

#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

#define SMTP_ADDR_MAX	254	/* RFC 5321 4.5.3.1.3: a path is 256 octets with its <> */

/* Characters an unquoted local part or a domain may not hold (RFC 5322 specials and space). */
#define ADDR_SPECIALS	" ()<>,;:\\\"[]@"

static int
refuse(const char *addr, const char *what, const char *why, struct err *e)
{
	struct buf raw = BUF_INIT, vis = BUF_INIT;
	size_t len = strlen(addr) > 300 ? 300 : strlen(addr);
	int rc;

	/* str_make_visible keeps tab and LF, which have no place in an address either */
	for (size_t i = 0; i < len; i++) {
		if (addr[i] == '\t' || addr[i] == '\n')
			buf_adds(&raw, addr[i] == '\t' ? "^I" : "^J");
		else
			buf_addc(&raw, addr[i]);
	}
	str_make_visible(&vis, raw.data, raw.len);
	rc = err_setx(e, ERR_MESSAGE, "%s address \"%s%s\" %s; nothing was sent", what,
	    buf_cstr(&vis), len < strlen(addr) ? "..." : "", why);
	buf_free(&raw);
	buf_free(&vis);
	return rc;
}

/* C0 controls, DEL and C1 controls (U+0080..U+009F); ill-formed UTF-8 is checked apart. */
static bool
has_ctl(const char *s)
{
	size_t len = strlen(s), n;
	int32_t cp;

	for (size_t i = 0; i < len; i += n) {
		n = str_utf8_next(s + i, len - i, &cp);
		if ((cp >= 0 && cp < 0x20) || (cp >= 0x7f && cp < 0xa0))
			return true;
	}
	return false;
}

/* A quoted local part: "...", with \-escapes, no bare quote inside. */
static bool
quoted_ok(const char *s, size_t len)
{
	if (len < 2 || s[0] != '"' || s[len - 1] != '"')
		return false;
	for (size_t i = 1; i < len - 1; i++) {
		if (s[i] == '\\' && i + 1 < len - 1)
			i++;
		else if (s[i] == '"' || s[i] == '\\')
			return false;
	}
	return true;
}

static bool
atoms_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (strchr(ADDR_SPECIALS, s[i]) != NULL)
			return false;
	return true;
}

/* A domain: host name labels, or an address literal such as [192.0.2.1]. */
static bool
domain_ok(const char *s)
{
	size_t len = strlen(s);

	if (len > 2 && s[0] == '[' && s[len - 1] == ']')
		return strcspn(s + 1, " []\\<>\"") == len - 2;
	if (!atoms_ok(s, len) || s[0] == '.' || s[len - 1] == '.' || strstr(s, "..") != NULL)
		return false;
	return true;
}

int
smtp_addr_check(const char *addr, const char *what, struct err *e)
{
	const char *at;

	if (addr == NULL || addr[0] == '\0')
		return err_setx(e, ERR_MESSAGE, "empty %s address; nothing was sent", what);
	if (has_ctl(addr))
		return refuse(addr, what, strpbrk(addr, "\r\n") != NULL ?
		    "contains a line break" : "contains a control character", e);
	if (!str_utf8_valid(addr, strlen(addr)))
		return refuse(addr, what, "is not valid UTF-8", e);
	if (strlen(addr) > SMTP_ADDR_MAX)
		return refuse(addr, what, "is longer than SMTP allows (254 bytes)", e);
	if (strpbrk(addr, "<>") != NULL)
		return refuse(addr, what, "must be given without angle brackets or a name", e);
	at = strrchr(addr, '@');
	if (at == NULL || at == addr || at[1] == '\0')
		return refuse(addr, what, "is not of the form local@domain", e);
	/* curl splits at the first '@': one only, also inside quotes */
	if (memchr(addr, '@', (size_t)(at - addr)) != NULL)
		return refuse(addr, what, "has more than one @", e);
	if (!quoted_ok(addr, (size_t)(at - addr)) && !atoms_ok(addr, (size_t)(at - addr)))
		return refuse(addr, what, "has white space or special characters in its local "
		    "part", e);
	if (!domain_ok(at + 1))
		return refuse(addr, what, "has an invalid domain", e);
	return 0;
}
