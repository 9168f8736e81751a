package blockdev

// Sscanf models the kernel's sscanf() and vsscanf() (lib/vsprintf.c,
// 2.6.18) for the conversions the chapters use: %c (any character, white
// space included), %d and %u in base 10, with the h, hh, l and ll
// qualifiers (l is 32 bits, as on i386), and %%. White space in the
// format matches any white space, none included; any other character must
// match exactly. Like the kernel's, and unlike C's libc:
//
//   - the loop stops when either string ends, so a conversion at the end
//     of the input is simply not counted;
//   - an integer conversion skips white space, then needs a digit (a '-'
//     first for %d): "-1" stops %u with nothing stored;
//   - the number is simple_strtoull's, which wraps on overflow without a
//     word: "99999999999999999999" is that value mod 2^64.
//
// It stores through args in order (*byte for %c, *int32/*uint32 for no
// qualifier and l, *int64/*uint64 for ll, *int16/*uint16 for h, *int8/
// *uint8 for hh) and returns how many conversions it stored, as vsscanf
// does. An unknown conversion stops the scan.
func Sscanf(buf, format string, args ...any) int {
	str, fmt := buf, format
	num := 0
	for len(fmt) > 0 && len(str) > 0 {
		if isspace(fmt[0]) {
			for len(fmt) > 0 && isspace(fmt[0]) {
				fmt = fmt[1:]
			}
			for len(str) > 0 && isspace(str[0]) {
				str = str[1:]
			}
			if len(fmt) == 0 || len(str) == 0 {
				break
			}
		}
		if fmt[0] != '%' {
			if fmt[0] != str[0] {
				break
			}
			fmt, str = fmt[1:], str[1:]
			continue
		}
		fmt = fmt[1:]
		qualifier := byte(0)
		if len(fmt) > 0 && (fmt[0] == 'h' || fmt[0] == 'l') {
			qualifier = fmt[0]
			fmt = fmt[1:]
			if len(fmt) > 0 && fmt[0] == qualifier {
				qualifier -= 'a' - 'A' // hh is 'H', ll is 'L'
				fmt = fmt[1:]
			}
		}
		if len(fmt) == 0 || num >= len(args) {
			break
		}
		conv := fmt[0]
		fmt = fmt[1:]
		isSign := false
		switch conv {
		case 'c':
			if p, ok := args[num].(*byte); ok {
				*p = str[0]
			}
			str = str[1:]
			num++
			continue
		case '%':
			if str[0] != '%' {
				return num
			}
			str = str[1:]
			continue
		case 'd':
			isSign = true
		case 'u':
		default:
			return num
		}
		for len(str) > 0 && isspace(str[0]) {
			str = str[1:]
		}
		digits := str
		if isSign && len(digits) > 0 && digits[0] == '-' {
			digits = digits[1:]
		}
		if len(digits) == 0 || !isdigit(digits[0]) {
			break
		}
		v, rest := simpleStrtoull(digits)
		if len(digits) != len(str) {
			v = -v
		}
		store(args[num], qualifier, v)
		num++
		str = rest
	}
	return num
}

// simpleStrtoull models simple_strtoull(cp, &endp, 10) (lib/vsprintf.c):
// the value of the leading digits, wrapping mod 2^64, and what follows.
func simpleStrtoull(s string) (uint64, string) {
	var v uint64
	i := 0
	for ; i < len(s) && isdigit(s[i]); i++ {
		v = v*10 + uint64(s[i]-'0')
	}
	return v, s[i:]
}

// store assigns v, cut to the width the qualifier names, through p.
func store(p any, qualifier byte, v uint64) {
	switch qualifier {
	case 'H':
		v = uint64(uint8(v))
	case 'h':
		v = uint64(uint16(v))
	case 'L':
	default: // int, and long on i386
		v = uint64(uint32(v))
	}
	switch p := p.(type) {
	case *uint64:
		*p = v
	case *int64:
		*p = int64(v)
	case *uint32:
		*p = uint32(v)
	case *int32:
		*p = int32(v)
	case *uint16:
		*p = uint16(v)
	case *int16:
		*p = int16(v)
	case *uint8:
		*p = uint8(v)
	case *int8:
		*p = int8(v)
	}
}

// isspace and isdigit model the kernel's <linux/ctype.h> (lib/ctype.c),
// where 0xa0, the Latin-1 no-break space, is white space too.
func isspace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0
}

func isdigit(c byte) bool { return c >= '0' && c <= '9' }
