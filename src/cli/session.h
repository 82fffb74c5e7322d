/* session.h: the account's server session as commands open and close it. */
#ifndef TAUBE_CLI_SESSION_H
#define TAUBE_CLI_SESSION_H

#include "cli/cli.h"
#include "engine/session.h"

/*
 * Loads the configuration and opens the session of -a ACCOUNT (or the
 * first). Prints why and returns -1 when it cannot; then nothing is left open.
 */
int cli_session_open(struct cli_ctx *ctx, struct conf *c, struct eng_session **s);

/*
 * Shows the server's alerts, closes the session and the configuration.
 * rc < 0 means the work failed: e (when given) is printed and the exit
 * status is CLI_FAIL; otherwise rc is returned as the exit status.
 */
int cli_session_close(struct eng_session *s, struct conf *c, int rc, const struct err *e);

#endif
