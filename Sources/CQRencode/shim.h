#include <qrencode.h>

/* Two of libqrencode's own functions, exported by its shared library though not declared in qrencode.h.
   QRcode_encodeString is Split_splitStringToQRinput, then QRcode_encodeMask with mask -1 (score all eight
   masks); mask -2 returns the symbol unmasked, so gongkai can choose the mask faster itself
   (QRMaskChoice.swift). QRCodeTests hold the result equal to QRcode_encodeString's, module for module. */
extern int Split_splitStringToQRinput(const char *string, QRinput *input, QRencodeMode hint, int casesensitive);
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);
