// The messages of the engine's fixes after the second review: a
// certificate folder list that is too long to read whole.

package i18n

func init() {
	add(map[string]entry{
		"trustdir.more_folders": {"%[1]d more folders in the list were not read (only the first %[2]d are)", "列表中还有 %[1]d 个文件夹未读取（只读取前 %[2]d 个）"},
	})
}
