package sitegen

import "strconv"

// rutCheckDigit returns the check digit ("dígito verificador") of a Chilean
// RUT body using the official modulo-11 algorithm: the digits, read from the
// right, are weighted 2, 3, 4, 5, 6, 7, 2, 3, …; the digit is
// 11 − (sum mod 11), where 11 is written "0" and 10 is written "K".
func rutCheckDigit(body int) byte {
	sum, weight := 0, 2
	for n := body; n > 0; n /= 10 {
		sum += (n % 10) * weight
		weight++
		if weight > 7 {
			weight = 2
		}
	}
	switch d := 11 - sum%11; d {
	case 11:
		return '0'
	case 10:
		return 'K'
	default:
		return byte('0' + d)
	}
}

// formatRUT writes a RUT the way CONTENT.md spells it: no thousands
// separators, a hyphen, then the check digit ("76123456-0").
func formatRUT(body int) string {
	return strconv.Itoa(body) + "-" + string(rutCheckDigit(body))
}
