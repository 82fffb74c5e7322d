/* url.c: parsing server URLs with taube's TLS rule. */
#include "conf/url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

struct scheme {
	const char *name;
	enum url_proto proto;
	enum url_tls tls;
	unsigned port;
};

/* smtp:// defaults to submission (587), not 25: taube submits, it does not relay. */
static const struct scheme schemes[] = {
	{ "imap", URL_IMAP, URL_TLS_STARTTLS, 143 },
	{ "imaps", URL_IMAP, URL_TLS_IMPLICIT, 993 },
	{ "pop3", URL_POP3, URL_TLS_STARTTLS, 110 },
	{ "pop3s", URL_POP3, URL_TLS_IMPLICIT, 995 },
	{ "smtp", URL_SMTP, URL_TLS_STARTTLS, 587 },
	{ "smtps", URL_SMTP, URL_TLS_IMPLICIT, 465 },
};

const char *
url_proto_name(enum url_proto proto)
{
	switch (proto) {
	case URL_IMAP: return "imap";
	case URL_POP3: return "pop3";
	case URL_SMTP: return "smtp";
	}
	return "?";
}

const char *
url_tls_name(enum url_tls tls)
{
	switch (tls) {
	case URL_TLS_STARTTLS: return "starttls";
	case URL_TLS_IMPLICIT: return "tls";
	case URL_TLS_OFF: return "off";
	}
	return "?";
}

static const struct scheme *
find_scheme(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].name) == len && strncasecmp(s, schemes[i].name, len) == 0)
			return &schemes[i];
	return NULL;
}

static int
parse_port(const char *s, size_t len, unsigned *port, struct err *e)
{
	unsigned long v = 0;

	if (len == 0 || len > 5)
		return err_set(e, "bad port '%.*s'", (int)len, s);
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return err_set(e, "bad port '%.*s'", (int)len, s);
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return err_set(e, "bad port '%.*s' (1 to 65535)", (int)len, s);
	*port = (unsigned)v;
	return 0;
}

/* Splits "host", "host:port", "[v6]" or "[v6]:port". */
static int
parse_authority(struct url *u, const char *s, size_t len, struct err *e)
{
	const char *host = s, *colon;
	size_t hostlen;

	if (len > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (close == NULL)
			return err_set(e, "missing ']' after IPv6 address");
		host = s + 1;
		hostlen = (size_t)(close - host);
		colon = close + 1 < s + len ? close + 1 : NULL;
		if (colon != NULL && *colon != ':')
			return err_set(e, "unexpected text after ']'");
	} else {
		colon = memchr(s, ':', len);
		hostlen = colon ? (size_t)(colon - s) : len;
	}
	if (hostlen == 0)
		return err_set(e, "missing host name");
	for (size_t i = 0; i < hostlen; i++)
		if ((unsigned char)host[i] <= ' ' || host[i] == 0x7f)
			return err_set(e, "bad character in host name");
	if (colon != NULL &&
	    parse_port(colon + 1, (size_t)(s + len - colon - 1), &u->port, e) < 0)
		return -1;
	u->host = xstrndup(host, hostlen);
	return 0;
}

int
url_parse(struct url *u, const char *text, enum url_proto proto, struct err *e)
{
	const char *sep = strstr(text, "://"), *auth, *end;
	const struct scheme *sc;

	memset(u, 0, sizeof(*u));
	if (sep == NULL)
		return err_set(e, "'%s' is not a URL (expected %s://host or %ss://host)",
		    text, url_proto_name(proto), url_proto_name(proto));
	sc = find_scheme(text, (size_t)(sep - text));
	if (sc == NULL || sc->proto != proto)
		return err_set(e, "unknown scheme '%.*s' (expected %s:// or %ss://)",
		    (int)(sep - text), text, url_proto_name(proto), url_proto_name(proto));
	auth = sep + 3;
	end = auth + strcspn(auth, "/?#");
	if (*end == '/' && end[1] == '\0')
		;	/* a lone trailing slash is harmless */
	else if (*end != '\0')
		return err_set(e, "unexpected path '%s' in URL", end);
	if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
		return err_set(e, "user name or password in URL: put the user in "
		    "'user =' and the password in 'password_cmd ='");
	u->proto = sc->proto;
	u->tls = sc->tls;
	u->port = sc->port;
	u->scheme = xstrdup(sc->name);
	if (parse_authority(u, auth, (size_t)(end - auth), e) < 0) {
		url_free(u);
		return -1;
	}
	return 0;
}

void
url_free(struct url *u)
{
	free(u->scheme);
	free(u->host);
	u->scheme = u->host = NULL;
}
