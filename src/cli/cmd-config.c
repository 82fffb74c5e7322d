/* cmd-config.c: `taube config check`: validate the configuration and show what was understood. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

static const char *
tls_words(enum url_tls tls)
{
	switch (tls) {
	case URL_TLS_STARTTLS: return "STARTTLS required";
	case URL_TLS_IMPLICIT: return "TLS";
	case URL_TLS_OFF: return "CLEAR TEXT, tls = off";
	}
	return "?";
}

static void
print_url(const char *key, const struct url *u)
{
	int v6 = strchr(u->host, ':') != NULL;

	printf("  %-9s %s://%s%s%s:%u (%s)\n", key, u->scheme, v6 ? "[" : "", u->host,
	    v6 ? "]" : "", u->port, tls_words(u->tls));
}

static const char *
password_source(const struct conf_account *a)
{
	if (a->auth == CONF_AUTH_XOAUTH2)
		return "token from oauth_token_cmd";
	if (a->password_cmd != NULL)
		return "from password_cmd";
	if (a->password != NULL)
		return "in the configuration file";
	return "none (asked when needed)";
}

static void
print_account(const struct conf_account *a, bool is_default)
{
	printf("account %s%s\n", a->name, is_default ? " (default)" : "");
	if (a->from != NULL)
		printf("  %-9s %s\n", "from", a->from);
	if (a->has_imap)
		print_url("imap", &a->imap);
	if (a->has_pop3)
		print_url("pop3", &a->pop3);
	if (a->has_smtp)
		print_url("smtp", &a->smtp);
	if (a->maildir != NULL)
		printf("  %-9s %s\n", "maildir", a->maildir);
	if (a->user != NULL)
		printf("  %-9s %s\n", "user", a->user);
	printf("  %-9s %s\n", "password", password_source(a));
	if (a->auth != CONF_AUTH_DEFAULT)
		printf("  %-9s %s\n", "auth", conf_auth_name(a->auth));
	if (a->ca_file != NULL)
		printf("  %-9s %s\n", "ca_file", a->ca_file);
}

static int
check(struct cli_ctx *ctx)
{
	const struct conf_account *def;
	struct conf c;

	if (cli_load_conf(ctx, &c) != CLI_OK)
		return CLI_FAIL;
	if ((def = cli_account(ctx, &c)) == NULL) {
		conf_free(&c);
		return CLI_FAIL;
	}
	printf("%s: ok, %zu account%s\n", c.path, c.accounts.len,
	    c.accounts.len == 1 ? "" : "s");
	for (size_t i = 0; i < c.accounts.len; i++) {
		const struct conf_account *a = VEC_AT(&c.accounts, struct conf_account, i);
		print_account(a, a == def);
		if (a->tls_off)
			cli_warn("account %s: tls = off: the password and mail travel in clear text",
			    a->name);
	}
	conf_free(&c);
	return CLI_OK;
}

static int
config_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	int first, rc;

	if ((rc = cli_parse_common(&cli_cmd_config, ctx, argc, argv, false, false, &first)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (argc - first != 1 || strcmp(argv[first], "check") != 0)
		return cli_usage(&cli_cmd_config);
	return check(ctx);
}

const struct cli_cmd cli_cmd_config = {
	.name = "config",
	.usage = "check",
	.summary = "check the configuration file and list its accounts",
	.help =
	    "Reads the configuration (-c FILE, $TAUBE_CONFIG, or\n"
	    "$XDG_CONFIG_HOME/taube/config), reports the first error as FILE:LINE,\n"
	    "and prints each account as understood. Exit 1 when the file is wrong.\n",
	.exec = config_exec,
};
