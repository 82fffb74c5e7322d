/* cli.c: global options, the command table and dispatch. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "ui/ui.h"
#include "taube-version.h"

/* The order here is the order of `taube --help`. */
static const struct cli_cmd *const commands[] = {
	&cli_cmd_show,
	&cli_cmd_folders,
	&cli_cmd_list,
	&cli_cmd_read,
	&cli_cmd_flag,
	&cli_cmd_move,
	&cli_cmd_delete,
	&cli_cmd_fetch,
	&cli_cmd_send,
	&cli_cmd_reply,
	&cli_cmd_forward,
	&cli_cmd_outbox,
	&cli_cmd_watch,
	&cli_cmd_verify,
	&cli_cmd_config,
	&cli_cmd_help,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("taube: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("taube: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const struct cli_cmd *
cli_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int
cli_usage(const struct cli_cmd *cmd)
{
	fprintf(stderr, "usage: taube %s %s\n", cmd->name, cmd->usage);
	fprintf(stderr, "Try 'taube help %s' for more.\n", cmd->name);
	return CLI_USAGE;
}

void
cli_print_help(const struct cli_cmd *cmd)
{
	printf("usage: taube %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->help != NULL)
		printf("\n%s", cmd->help);
}

int
cli_not_yet(const struct cli_cmd *cmd)
{
	cli_error("'%s' is not yet available in this version", cmd->name);
	return CLI_FAIL;
}

void
cli_print_main_help(FILE *out)
{
	fprintf(out,
	    "usage: taube [-c FILE] [-a ACCOUNT] [COMMAND [ARGS]]\n"
	    "\n"
	    "A terminal mail user agent. Without a command, opens the mail screen.\n"
	    "\n"
	    "Global options:\n"
	    "  -c FILE       configuration file (default: $TAUBE_CONFIG, else\n"
	    "                $XDG_CONFIG_HOME/taube/config)\n"
	    "  -a ACCOUNT    account to use (default: the first one)\n"
	    "  -h, --help    this help\n"
	    "  -V, --version print the version\n"
	    "\n"
	    "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out, "\nRun 'taube help COMMAND' for a command's options.\n"
	    "Exit status: 0 success, 1 failure (explained on stderr), 2 bad usage.\n");
}

static int
main_usage(void)
{
	fprintf(stderr, "usage: taube [-c FILE] [-a ACCOUNT] [COMMAND [ARGS]]\n"
	    "Try 'taube --help' for the list of commands.\n");
	return CLI_USAGE;
}

/* Without a command taube opens the mail screen. */
static int
run_ui(struct cli_ctx *ctx)
{
	struct conf c;
	int rc;

	if (cli_load_conf(ctx, &c) != CLI_OK)
		return CLI_FAIL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		conf_free(&c);
		cli_error("the mail screen needs a terminal; see 'taube --help' for the commands");
		return CLI_FAIL;
	}
	rc = ui_main(&c, ctx->account);
	conf_free(&c);
	return rc;
}

static int
dispatch(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find(argv[0]);

	if (cmd == NULL) {
		cli_error("unknown command '%s'", argv[0]);
		return main_usage();
	}
	optind = 0;	/* glibc: 0 re-initialises getopt for the command's own options */
	return cmd->exec(ctx, argc, argv);
}

int
cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_ctx ctx = { 0 };
	int c;

	/* '+' stops at the first operand: what follows belongs to the command. */
	while ((c = getopt_long(argc, argv, "+c:a:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': ctx.config_path = optarg; break;
		case 'a': ctx.account = optarg; break;
		case 'h': cli_print_main_help(stdout); return CLI_OK;
		case 'V': printf("taube %s\n", TAUBE_VERSION); return CLI_OK;
		default: return main_usage();
		}
	}
	if (optind >= argc)
		return run_ui(&ctx);
	return dispatch(&ctx, argc - optind, argv + optind);
}
