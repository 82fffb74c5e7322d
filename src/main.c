/* main.c: taube's entry point; everything else starts in cli_main. */
#include <locale.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
