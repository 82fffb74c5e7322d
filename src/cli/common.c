/* common.c: what every command shares: its common options, the configuration, the account. */
#include "cli/commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int
cli_parse_common(const struct cli_cmd *cmd, struct cli_ctx *ctx, int argc,
    char **argv, bool allow_folder, bool allow_json, int *first)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* Options may follow operands (`config check -a work`), as GNU tools allow. */
	while ((c = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctx->account = optarg;
			break;
		case 'f':
			if (!allow_folder)
				return cli_usage(cmd);
			ctx->folder = optarg;
			break;
		case 'j':
			if (!allow_json)
				return cli_usage(cmd);
			ctx->json = true;
			break;
		case 'h':
			cli_print_help(cmd);
			return -1;
		default:
			return cli_usage(cmd);
		}
	}
	*first = optind;
	return CLI_OK;
}

int
cli_load_conf(struct cli_ctx *ctx, struct conf *c)
{
	char *path = conf_default_path(ctx->config_path);
	struct err e;

	err_clear(&e);
	if (conf_load(c, path, &e) < 0) {
		cli_error("%s", e.msg);
		free(path);
		return CLI_FAIL;
	}
	free(path);
	return CLI_OK;
}

const struct conf_account *
cli_account(struct cli_ctx *ctx, const struct conf *c)
{
	const struct conf_account *a = conf_account(c, ctx->account);

	if (a == NULL)
		cli_error("no account '%s' in %s", ctx->account, c->path);
	return a;
}

const struct conf_account *
cli_load_account(struct cli_ctx *ctx, struct conf *c)
{
	const struct conf_account *a;

	if (cli_load_conf(ctx, c) != CLI_OK)
		return NULL;
	if ((a = cli_account(ctx, c)) == NULL)
		conf_free(c);
	return a;
}

int
cli_stub(const struct cli_cmd *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			cli_print_help(cmd);
			return CLI_OK;
		}
	}
	return cli_not_yet(cmd);
}
