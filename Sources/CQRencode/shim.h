/* libqrencode as its header declares it, nothing more (QRCodeLibraryTests holds to that). */
#include <qrencode.h>
