package platform

import "golang.org/x/sys/windows/registry"

// userValue reads a string value (REG_SZ or REG_EXPAND_SZ, left
// unexpanded) of a key under HKEY_CURRENT_USER. The registry answers in
// UTF-16, so a folder named 文档 comes back whole whatever the code page.
func userValue(key, name string) (string, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.QUERY_VALUE)
	if err != nil {
		return "", err
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	return v, err
}
