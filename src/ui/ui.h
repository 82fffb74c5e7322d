/* ui.h: the mail screen, what `taube` without a command opens. */
#ifndef TAUBE_UI_UI_H
#define TAUBE_UI_UI_H

#include "conf/conf.h"

/*
 * Runs the mail screen on the account called account (NULL: the first)
 * until the person quits. Returns the exit status (0, or 1 after a failure
 * it explained on stderr once the screen was given back).
 */
int ui_main(const struct conf *c, const char *account);

#endif
