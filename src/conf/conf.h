/*
 * conf.h: the configuration file (INI) turned into typed settings.
 *
 * The file is found at `-c FILE`, else $TAUBE_CONFIG, else
 * $XDG_CONFIG_HOME/taube/config. Every error names FILE:LINE.
 */
#ifndef TAUBE_CONF_CONF_H
#define TAUBE_CONF_CONF_H

#include <stdbool.h>

#include "conf/url.h"
#include "util/err.h"
#include "util/vec.h"

enum conf_auth {
	CONF_AUTH_DEFAULT,	/* let the server and libcurl choose among secure ones */
	CONF_AUTH_PLAIN,
	CONF_AUTH_LOGIN,
	CONF_AUTH_XOAUTH2,
};

struct conf_account {
	char *name;
	unsigned line;		/* where its section starts */

	char *from;		/* "Name <addr>" as written */
	char *envelope_from;
	bool has_imap, has_pop3, has_smtp;
	struct url imap, pop3, smtp;
	bool tls_off;		/* `tls = off`: clear text allowed, with a warning */

	char *user;
	char *password_cmd;
	char *password;		/* only from a file nobody else can read */
	enum conf_auth auth;
	char *oauth_token_cmd;
	char *ca_file;		/* extra trust anchor, ~ expanded */
	char *tls_pin;		/* "sha256//BASE64" */

	char *maildir;		/* local Maildir (POP3 downloads), ~ expanded */
	bool keep;		/* POP3: leave mail on the server */
	char *sent, *drafts, *trash;
	bool idle;
	unsigned poll;		/* seconds; 0 = the general setting */
	bool sign;
	char *pgp_key;
};

/* A key = value pair kept as written, for sections read by later layers. */
struct conf_pair {
	char *key;
	char *value;
	unsigned line;
};

struct conf {
	char *path;
	unsigned poll;		/* [general] poll, seconds; 0 = off */
	char *editor;
	char *index_format;	/* the message list's line (ui/format.h), or NULL */
	char *pager_headers;	/* fields the pager shows, space-separated, or NULL */
	struct vec accounts;	/* struct conf_account */
	struct vec bind;	/* struct conf_pair from [bind] */
	struct vec color;	/* struct conf_pair from [color] */
};

/*
 * Which file to read: `explicit` (from -c) when given, else $TAUBE_CONFIG,
 * else the XDG default. Returns an allocated path.
 */
char *conf_default_path(const char *explicit_path);

/* Reads and checks the file. On error returns -1 and e says FILE:LINE: what. */
int conf_load(struct conf *c, const char *path, struct err *e);

/* Parses text as if it were file `name` (for tests and for conf_load). */
int conf_parse(struct conf *c, const char *name, const char *text, size_t len,
    struct err *e);

void conf_free(struct conf *c);

/* The account called `name`, or the first one when name is NULL. */
const struct conf_account *conf_account(const struct conf *c, const char *name);

const char *conf_auth_name(enum conf_auth a);

#endif
