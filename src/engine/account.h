/*
 * account.h: an account as the engine uses it: the configuration plus the
 * secrets fetched for this run (password_cmd, oauth_token_cmd) and the
 * endpoint net/ connects to.
 */
#ifndef TAUBE_ENGINE_ACCOUNT_H
#define TAUBE_ENGINE_ACCOUNT_H

#include "conf/conf.h"
#include "net/net.h"
#include "util/err.h"

struct eng_account {
	const struct conf_account *conf;
	char *password;		/* from password_cmd or the file; wiped on free */
	char *bearer;		/* from oauth_token_cmd */
	struct net_endpoint imap;	/* valid when conf->has_imap */
	struct net_endpoint smtp;	/* valid when conf->has_smtp */
};

/*
 * Fills a from the configuration and runs password_cmd (or
 * oauth_token_cmd) once. The first line of the command's output is the
 * secret. Errors name the account and the command, never the secret.
 */
int eng_account_open(struct eng_account *a, const struct conf_account *conf, struct err *e);
void eng_account_close(struct eng_account *a);

#endif
