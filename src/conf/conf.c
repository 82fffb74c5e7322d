/* conf.c: reading the configuration file into struct conf. */
#include "conf/conf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/account.h"
#include "conf/ini.h"
#include "conf/value.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/xdg.h"

enum section_kind {
	SEC_NONE,	/* before any header */
	SEC_GENERAL,
	SEC_ACCOUNT,
	SEC_BIND,
	SEC_COLOR,
};

struct reader {
	struct conf *conf;
	enum section_kind kind;
	struct conf_account *account;	/* the open [account] section */
};

char *
conf_default_path(const char *explicit_path)
{
	const char *env = getenv("TAUBE_CONFIG");

	if (explicit_path != NULL)
		return xstrdup(explicit_path);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	return xdg_taube_path(XDG_CONFIG, "config");
}

static int
valid_account_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-@+", *s) != NULL))
			return 0;
	return 1;
}

/* Whole-account checks run once the file is read, reported at each account's header. */
static int
check_accounts(struct conf *c, const char *name, struct err *e)
{
	for (size_t i = 0; i < c->accounts.len; i++) {
		struct conf_account *a = VEC_AT(&c->accounts, struct conf_account, i);
		if (account_check(a, e) < 0)
			return err_prefix(e, "%s:%u", name, a->line);
	}
	if (c->accounts.len == 0)
		return err_set(e, "%s: no [account NAME] section", name);
	return 0;
}

static int
open_account(struct reader *r, const char *name, unsigned line, struct err *e)
{
	struct conf_account *a;

	if (!valid_account_name(name))
		return err_set(e, "bad account name '%s' (letters, digits and ._-@+ only)", name);
	for (size_t i = 0; i < r->conf->accounts.len; i++)
		if (strcmp(VEC_AT(&r->conf->accounts, struct conf_account, i)->name, name) == 0)
			return err_set(e, "account '%s' is defined twice", name);
	a = vec_push_zero(&r->conf->accounts);
	a->name = xstrdup(name);
	a->line = line;
	a->idle = true;
	r->account = a;
	return 0;
}

static int
start_section(struct reader *r, const char *section, unsigned line, struct err *e)
{
	r->account = NULL;
	if (strcmp(section, "general") == 0)
		r->kind = SEC_GENERAL;
	else if (strcmp(section, "bind") == 0)
		r->kind = SEC_BIND;
	else if (strcmp(section, "color") == 0)
		r->kind = SEC_COLOR;
	else if (strncmp(section, "account ", 8) == 0) {
		r->kind = SEC_ACCOUNT;
		return open_account(r, section + 8, line, e);
	} else if (strcmp(section, "account") == 0)
		return err_set(e, "[account] needs a name: [account NAME]");
	else
		return err_set(e, "unknown section [%s] (general, account NAME, bind, color)",
		    section);
	return 0;
}

static int
set_string(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
	return 0;
}

static int
set_general(struct conf *c, const char *key, const char *value, struct err *e)
{
	if (strcmp(key, "poll") == 0)
		return value_duration(value, &c->poll, e);
	if (strcmp(key, "editor") == 0)
		return set_string(&c->editor, value);
	if (strcmp(key, "index_format") == 0)
		return set_string(&c->index_format, value);
	if (strcmp(key, "pager_headers") == 0)
		return set_string(&c->pager_headers, value);
	return err_set(e, "unknown key '%s' in [general]", key);
}

static void
add_pair(struct vec *v, const struct ini_item *it)
{
	struct conf_pair p = { xstrdup(it->key), xstrdup(it->value), it->line };

	vec_push(v, &p);
}

static int
handle_item(void *ctx, const struct ini_item *it, struct err *e)
{
	struct reader *r = ctx;

	if (it->key == NULL)
		return start_section(r, it->section, it->line, e);
	switch (r->kind) {
	case SEC_NONE:
		return err_set(e, "'%s' outside any section (start with [general] or "
		    "[account NAME])", it->key);
	case SEC_GENERAL:
		return set_general(r->conf, it->key, it->value, e);
	case SEC_ACCOUNT:
		return account_set(r->account, it->key, it->value, e);
	case SEC_BIND:
		add_pair(&r->conf->bind, it);
		return 0;
	case SEC_COLOR:
		add_pair(&r->conf->color, it);
		return 0;
	}
	return 0;
}

static void
conf_init(struct conf *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->path = xstrdup(name);
	c->poll = 5 * 60;
	vec_init(&c->accounts, sizeof(struct conf_account));
	vec_init(&c->bind, sizeof(struct conf_pair));
	vec_init(&c->color, sizeof(struct conf_pair));
}

int
conf_parse(struct conf *c, const char *name, const char *text, size_t len,
    struct err *e)
{
	struct reader r = { c, SEC_NONE, NULL };

	conf_init(c, name);
	if (ini_parse(name, text, len, handle_item, &r, e) < 0 ||
	    check_accounts(c, name, e) < 0) {
		conf_free(c);
		return -1;
	}
	return 0;
}

static bool
has_password(const struct conf *c)
{
	for (size_t i = 0; i < c->accounts.len; i++)
		if (VEC_AT(&c->accounts, struct conf_account, i)->password != NULL)
			return true;
	return false;
}

/* Reads the whole file through one descriptor, so the mode checked is the file read. */
static int
read_config(const char *path, struct buf *text, mode_t *mode, struct err *e)
{
	struct stat st;
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_errno(e, "%s", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, "%s: not a regular file", path);
	}
	*mode = st.st_mode;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || text->len + (size_t)n > INI_MAX_SIZE) {
			close(fd);
			return n < 0 ? err_errno(e, "%s", path) :
			    err_set(e, "%s: file is larger than %d bytes", path, INI_MAX_SIZE);
		}
		buf_add(text, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

int
conf_load(struct conf *c, const char *path, struct err *e)
{
	struct buf text = BUF_INIT;
	mode_t mode = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	if (read_config(path, &text, &mode, e) < 0) {
		buf_free(&text);
		return -1;
	}
	rc = conf_parse(c, path, buf_cstr(&text), text.len, e);
	buf_free(&text);
	if (rc == 0 && has_password(c) && (mode & (S_IRGRP | S_IROTH)) != 0) {
		err_set(e, "%s holds a password and can be read by others: "
		    "run 'chmod 600 %s', or use password_cmd instead", path, path);
		conf_free(c);
		return -1;
	}
	return rc;
}

static void
free_pairs(struct vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		struct conf_pair *p = VEC_AT(v, struct conf_pair, i);
		free(p->key);
		free(p->value);
	}
	vec_free(v);
}

void
conf_free(struct conf *c)
{
	for (size_t i = 0; i < c->accounts.len; i++)
		account_free(VEC_AT(&c->accounts, struct conf_account, i));
	vec_free(&c->accounts);
	free_pairs(&c->bind);
	free_pairs(&c->color);
	free(c->path);
	free(c->editor);
	free(c->index_format);
	free(c->pager_headers);
	memset(c, 0, sizeof(*c));
}

const struct conf_account *
conf_account(const struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->accounts.len; i++) {
		const struct conf_account *a = VEC_AT(&c->accounts, struct conf_account, i);
		if (name == NULL || strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

const char *
conf_auth_name(enum conf_auth a)
{
	switch (a) {
	case CONF_AUTH_DEFAULT: return "default";
	case CONF_AUTH_PLAIN: return "plain";
	case CONF_AUTH_LOGIN: return "login";
	case CONF_AUTH_XOAUTH2: return "xoauth2";
	}
	return "?";
}
