/* account.c: the keys of an [account NAME] section and the checks on a whole account. */
#include "conf/account.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "conf/value.h"
#include "util/fs.h"
#include "util/xalloc.h"

enum key_kind {
	KEY_STRING,	/* stored as written */
	KEY_PATH,	/* ~/ expanded */
	KEY_BOOL,
	KEY_DURATION,
};

struct key_spec {
	const char *key;
	enum key_kind kind;
	size_t offset;
};

#define STR(k, field) { k, KEY_STRING, offsetof(struct conf_account, field) }
#define PATH(k, field) { k, KEY_PATH, offsetof(struct conf_account, field) }
#define BOOL(k, field) { k, KEY_BOOL, offsetof(struct conf_account, field) }
#define DUR(k, field) { k, KEY_DURATION, offsetof(struct conf_account, field) }

static const struct key_spec simple_keys[] = {
	STR("from", from),
	STR("envelope_from", envelope_from),
	STR("user", user),
	STR("password_cmd", password_cmd),
	STR("password", password),
	STR("oauth_token_cmd", oauth_token_cmd),
	PATH("ca_file", ca_file),
	STR("tls_pin", tls_pin),
	PATH("maildir", maildir),
	BOOL("keep", keep),
	STR("sent", sent),
	STR("drafts", drafts),
	STR("trash", trash),
	BOOL("idle", idle),
	DUR("poll", poll),
	BOOL("sign", sign),
	STR("pgp_key", pgp_key),
};

static int
set_simple(struct conf_account *a, const struct key_spec *k, const char *value,
    struct err *e)
{
	void *field = (char *)a + k->offset;

	switch (k->kind) {
	case KEY_STRING:
		if (*(char **)field != NULL)
			return err_set(e, "'%s' is set twice in [account %s]", k->key, a->name);
		*(char **)field = xstrdup(value);
		return 0;
	case KEY_PATH:
		if (*(char **)field != NULL)
			return err_set(e, "'%s' is set twice in [account %s]", k->key, a->name);
		*(char **)field = fs_expand_home(value);
		return 0;
	case KEY_BOOL:
		return value_bool(value, (bool *)field, e);
	case KEY_DURATION:
		return value_duration(value, (unsigned *)field, e);
	}
	return 0;
}

static int
set_url(struct conf_account *a, bool *has, struct url *u, enum url_proto proto,
    const char *value, struct err *e)
{
	if (*has)
		return err_set(e, "'%s' is set twice in [account %s]", url_proto_name(proto), a->name);
	if (url_parse(u, value, proto, e) < 0)
		return -1;
	*has = true;
	return 0;
}

static int
set_auth(struct conf_account *a, const char *value, struct err *e)
{
	static const struct { const char *name; enum conf_auth auth; } names[] = {
		{ "plain", CONF_AUTH_PLAIN },
		{ "login", CONF_AUTH_LOGIN },
		{ "xoauth2", CONF_AUTH_XOAUTH2 },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(value, names[i].name) == 0) {
			a->auth = names[i].auth;
			return 0;
		}
	}
	return err_set(e, "unknown auth '%s' (plain, login or xoauth2)", value);
}

/* `tls = on` is the default and may be written; `tls = off` allows clear text. */
static int
set_tls(struct conf_account *a, const char *value, struct err *e)
{
	bool on;

	if (value_bool(value, &on, e) < 0)
		return err_set(e, "tls must be 'on' or 'off', not '%s'", value);
	a->tls_off = !on;
	return 0;
}

int
account_set(struct conf_account *a, const char *key, const char *value, struct err *e)
{
	for (size_t i = 0; i < sizeof(simple_keys) / sizeof(simple_keys[0]); i++)
		if (strcmp(key, simple_keys[i].key) == 0)
			return set_simple(a, &simple_keys[i], value, e);
	if (strcmp(key, "imap") == 0)
		return set_url(a, &a->has_imap, &a->imap, URL_IMAP, value, e);
	if (strcmp(key, "pop3") == 0)
		return set_url(a, &a->has_pop3, &a->pop3, URL_POP3, value, e);
	if (strcmp(key, "smtp") == 0)
		return set_url(a, &a->has_smtp, &a->smtp, URL_SMTP, value, e);
	if (strcmp(key, "auth") == 0)
		return set_auth(a, value, e);
	if (strcmp(key, "tls") == 0)
		return set_tls(a, value, e);
	return err_set(e, "unknown key '%s' in [account %s]", key, a->name);
}

static void
apply_tls_off(struct conf_account *a)
{
	if (!a->tls_off)
		return;
	if (a->has_imap && a->imap.tls == URL_TLS_STARTTLS)
		a->imap.tls = URL_TLS_OFF;
	if (a->has_pop3 && a->pop3.tls == URL_TLS_STARTTLS)
		a->pop3.tls = URL_TLS_OFF;
	if (a->has_smtp && a->smtp.tls == URL_TLS_STARTTLS)
		a->smtp.tls = URL_TLS_OFF;
}

int
account_check(struct conf_account *a, struct err *e)
{
	if (!a->has_imap && !a->has_pop3 && !a->has_smtp && a->maildir == NULL)
		return err_set(e, "[account %s] needs at least one of imap, pop3, smtp "
		    "or maildir", a->name);
	if (a->has_imap && a->has_pop3)
		return err_set(e, "[account %s] has both imap and pop3: make two accounts",
		    a->name);
	if (a->password != NULL && a->password_cmd != NULL)
		return err_set(e, "[account %s] has both password and password_cmd: keep one",
		    a->name);
	if (a->auth == CONF_AUTH_XOAUTH2 && a->oauth_token_cmd == NULL)
		return err_set(e, "[account %s] uses auth = xoauth2 but has no oauth_token_cmd",
		    a->name);
	if (a->has_smtp && a->from == NULL)
		return err_set(e, "[account %s] sends mail (smtp) but has no 'from'", a->name);
	if (a->has_pop3 && a->maildir == NULL) {
		char *rel = xasprintf("~/Mail/%s", a->name);
		a->maildir = fs_expand_home(rel);
		free(rel);
	}
	if (a->tls_pin != NULL && strncmp(a->tls_pin, "sha256//", 8) != 0)
		return err_set(e, "[account %s] tls_pin must look like sha256//BASE64", a->name);
	apply_tls_off(a);
	return 0;
}

void
account_free(struct conf_account *a)
{
	for (size_t i = 0; i < sizeof(simple_keys) / sizeof(simple_keys[0]); i++) {
		if (simple_keys[i].kind == KEY_STRING || simple_keys[i].kind == KEY_PATH) {
			char **field = (char **)((char *)a + simple_keys[i].offset);
			free(*field);
		}
	}
	free(a->name);
	url_free(&a->imap);
	url_free(&a->pop3);
	url_free(&a->smtp);
	memset(a, 0, sizeof(*a));
}
