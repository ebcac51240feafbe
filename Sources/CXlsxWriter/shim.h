/* libxlsxwriter (Debian libxlsxwriter-dev): writes the .xlsx of gongkai export. */
#include <xlsxwriter.h>
