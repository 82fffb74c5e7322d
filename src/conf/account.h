/* account.h: reading the keys of one [account NAME] section (internal to conf/). */
#ifndef TAUBE_CONF_ACCOUNT_H
#define TAUBE_CONF_ACCOUNT_H

#include "conf/conf.h"

/* Applies one key; -1 with e set for an unknown key or a bad value. */
int account_set(struct conf_account *a, const char *key, const char *value, struct err *e);
/* Checks the account as a whole once its section is read; fills defaults. */
int account_check(struct conf_account *a, struct err *e);
void account_free(struct conf_account *a);

#endif
