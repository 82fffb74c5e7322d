/*
 * cli.h: the subcommands (`taube list`, `taube send` ...). One file per command,
 * each exporting one `const struct cli_cmd`; the table in cli.c collects them,
 * and --help and `taube help CMD` are generated from it.
 */
#ifndef TAUBE_CLI_CLI_H
#define TAUBE_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "conf/conf.h"

/* Exit statuses: a contract scripts rely on. */
enum {
	CLI_OK = 0,	/* success */
	CLI_FAIL = 1,	/* a failure explained on stderr */
	CLI_USAGE = 2,	/* bad usage */
};

/* What the global options said; shared by every command. */
struct cli_ctx {
	const char *config_path;	/* -c FILE, or NULL */
	const char *account;		/* -a ACCOUNT (global or per command), or NULL */
	const char *folder;		/* -f FOLDER, or NULL for INBOX */
	bool json;			/* --json */
};

struct cli_cmd {
	const char *name;
	const char *usage;	/* arguments after the name */
	const char *summary;	/* one line for `taube --help` */
	const char *help;	/* the rest of `taube help CMD`, or NULL */
	/* argv[0] is the command name; getopt state is reset before the call. */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Runs taube with the process's arguments; returns the exit status. */
int cli_main(int argc, char **argv);

const struct cli_cmd *cli_find(const char *name);
/* Prints "usage: taube NAME USAGE" to stderr and returns CLI_USAGE. */
int cli_usage(const struct cli_cmd *cmd);
/* Prints `taube --help` (every command with its summary). */
void cli_print_main_help(FILE *out);
/* Prints the command's full help to stdout. */
void cli_print_help(const struct cli_cmd *cmd);
/* For commands a later release fills in: says so on stderr, returns CLI_FAIL. */
int cli_not_yet(const struct cli_cmd *cmd);

/*
 * Parses the options every command shares (-a ACCOUNT, -f FOLDER, --json,
 * -h/--help) and no others; leaves the operands at argv[*first]. Returns
 * CLI_OK, CLI_USAGE after printing usage, or -1 after printing help (exit 0).
 */
int cli_parse_common(const struct cli_cmd *cmd, struct cli_ctx *ctx, int argc,
    char **argv, bool allow_folder, bool allow_json, int *first);

/* Loads the configuration named by ctx (-c, TAUBE_CONFIG, XDG); prints errors. */
int cli_load_conf(struct cli_ctx *ctx, struct conf *c);
/* Looks up -a ACCOUNT (or the first); prints an error when there is none. */
const struct conf_account *cli_account(struct cli_ctx *ctx, const struct conf *c);
/* Both: the configuration into c and the account in it; NULL (c freed) after an error. */
const struct conf_account *cli_load_account(struct cli_ctx *ctx, struct conf *c);

/* Prints "taube: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
