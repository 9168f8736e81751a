module simpblkdev

go 1.22
