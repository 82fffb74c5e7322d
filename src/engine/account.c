/* account.c: turning a configured account into endpoints with their secrets. */
#include "engine/account.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/proc.h"
#include "util/xalloc.h"

#define SECRET_MAX 16384

/* Runs cmd and keeps the first line of its output. */
static int
secret_from_command(char **out, const char *what, const char *cmd,
    const char *account, struct err *e)
{
	struct buf b = BUF_INIT;
	int status;
	size_t n;

	if (proc_run_capture(cmd, &b, SECRET_MAX, &status, e) < 0) {
		explicit_bzero(b.data, b.cap);
		buf_free(&b);
		err_prefix(e, "account %s: %s", account, what);
		e->scope = ERR_ACCOUNT;
		return -1;
	}
	n = strcspn(buf_cstr(&b), "\r\n");
	if (n == 0) {
		buf_free(&b);
		return err_setx(e, ERR_ACCOUNT, "account %s: %s `%s` printed nothing",
		    account, what, cmd);
	}
	*out = xstrndup(buf_cstr(&b), n);
	explicit_bzero(b.data, b.cap);
	buf_free(&b);
	return 0;
}

static enum net_tls
net_tls(enum url_tls t)
{
	switch (t) {
	case URL_TLS_IMPLICIT: return NET_TLS_IMPLICIT;
	case URL_TLS_OFF: return NET_TLS_OFF;
	case URL_TLS_STARTTLS: break;
	}
	return NET_TLS_STARTTLS;
}

static enum net_sasl
net_sasl(enum conf_auth a)
{
	switch (a) {
	case CONF_AUTH_PLAIN: return NET_SASL_PLAIN;
	case CONF_AUTH_LOGIN: return NET_SASL_LOGIN;
	case CONF_AUTH_XOAUTH2: return NET_SASL_XOAUTH2;
	case CONF_AUTH_DEFAULT: break;
	}
	return NET_SASL_DEFAULT;
}

static void
fill_endpoint(struct net_endpoint *ep, const struct eng_account *a, const struct url *u)
{
	const struct conf_account *c = a->conf;

	net_endpoint_init(ep);
	ep->host = u->host;
	ep->port = u->port;
	ep->tls = net_tls(u->tls);
	ep->user = c->user;
	ep->password = a->password;
	ep->sasl = net_sasl(c->auth);
	ep->bearer = a->bearer;
	ep->ca_file = c->ca_file;
	ep->tls_pin = c->tls_pin;
}

static int
fetch_secrets(struct eng_account *a, struct err *e)
{
	const struct conf_account *c = a->conf;

	if (c->auth == CONF_AUTH_XOAUTH2)
		return secret_from_command(&a->bearer, "oauth_token_cmd", c->oauth_token_cmd,
		    c->name, e);
	if (c->password_cmd != NULL)
		return secret_from_command(&a->password, "password_cmd", c->password_cmd,
		    c->name, e);
	if (c->password != NULL)
		a->password = xstrdup(c->password);
	return 0;
}

int
eng_account_open(struct eng_account *a, const struct conf_account *conf, struct err *e)
{
	memset(a, 0, sizeof(*a));
	a->conf = conf;
	if ((conf->has_imap || conf->has_smtp || conf->has_pop3) && fetch_secrets(a, e) < 0)
		return -1;
	if ((conf->has_imap || conf->has_pop3) && conf->user == NULL) {
		eng_account_close(a);
		return err_setx(e, ERR_ACCOUNT, "account %s has no 'user ='", conf->name);
	}
	if (conf->has_imap)
		fill_endpoint(&a->imap, a, &conf->imap);
	if (conf->has_smtp)
		fill_endpoint(&a->smtp, a, &conf->smtp);
	return 0;
}

void
eng_account_close(struct eng_account *a)
{
	net_secret_free(a->password);
	net_secret_free(a->bearer);
	memset(a, 0, sizeof(*a));
}
