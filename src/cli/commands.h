/* commands.h: every subcommand's table entry, one per cmd-*.c file. */
#ifndef TAUBE_CLI_COMMANDS_H
#define TAUBE_CLI_COMMANDS_H

#include "cli/cli.h"

extern const struct cli_cmd cli_cmd_show;
extern const struct cli_cmd cli_cmd_folders;
extern const struct cli_cmd cli_cmd_list;
extern const struct cli_cmd cli_cmd_read;
extern const struct cli_cmd cli_cmd_flag;
extern const struct cli_cmd cli_cmd_move;
extern const struct cli_cmd cli_cmd_delete;
extern const struct cli_cmd cli_cmd_fetch;
extern const struct cli_cmd cli_cmd_send;
extern const struct cli_cmd cli_cmd_reply;
extern const struct cli_cmd cli_cmd_forward;
extern const struct cli_cmd cli_cmd_outbox;
extern const struct cli_cmd cli_cmd_watch;
extern const struct cli_cmd cli_cmd_verify;
extern const struct cli_cmd cli_cmd_config;
extern const struct cli_cmd cli_cmd_help;

/*
 * For a command a later release fills in: --help works, anything else says
 * "not yet available" (exit 1).
 */
int cli_stub(const struct cli_cmd *cmd, int argc, char **argv);

#endif
