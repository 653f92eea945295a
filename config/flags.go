package config

import (
	"errors"
	"flag"
	"io"
	"strconv"
)

// RegisterFlags adds every setting's flag (Flags) to fs. The values the user sets are
// recorded in set, keyed by flag name, for Sources.Flags; a File flag's file (or "-",
// stdin) is read with ReadSecretFile and its content recorded. Boolean settings are
// switches: "--kiosk" alone means true.
func RegisterFlags(fs *flag.FlagSet, set map[string]string, stdin io.Reader) {
	for _, f := range Flags() {
		help := "setting " + f.Setting
		if f.Env != "" {
			help += " (env " + f.Env + ")"
		}
		fs.Var(&settingFlag{set: set, flag: f, stdin: stdin}, f.Name, help)
	}
}

// settingFlag records a setting's flag the user set.
type settingFlag struct {
	set   map[string]string
	flag  Flag
	stdin io.Reader
}

func (f *settingFlag) String() string {
	if f == nil || f.flag.File || f.set == nil {
		return ""
	}
	return f.set[f.flag.Name]
}

func (f *settingFlag) Set(v string) error {
	if f.flag.File {
		secret, err := ReadSecretFile(v, f.stdin)
		if err != nil {
			return err
		}
		f.set[f.flag.Name] = secret
		return nil
	}
	if f.flag.Bool {
		if _, err := strconv.ParseBool(v); err != nil {
			return errors.New("want true or false")
		}
	}
	f.set[f.flag.Name] = v
	return nil
}

// IsBoolFlag lets switches be given without a value (--kiosk).
func (f *settingFlag) IsBoolFlag() bool { return f.flag.Bool }
