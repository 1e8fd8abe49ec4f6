/*
** till-keypad.h: the on-screen number pad for wet fingers.
**
** Digits, 00, the decimal point, backspace, clear and enter, typed into the
** GtkEntry the pad is attached to, exactly as a keyboard would: the entry's
** own handlers (the till's code entry, a weight, an amount) then do the
** rest, so the keyboard and the pad can never behave differently.
*/
#ifndef TILL_KEYPAD_H
#define TILL_KEYPAD_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TILL_TYPE_KEYPAD (till_keypad_get_type())
G_DECLARE_FINAL_TYPE(TillKeypad, till_keypad, TILL, KEYPAD, GtkGrid)

/* The entry the keys type into (transfer none; may be NULL). */
void till_keypad_set_entry(TillKeypad *pad, GtkEntry *entry);

G_END_DECLS
#endif
