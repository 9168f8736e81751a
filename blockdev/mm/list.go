package mm

// pageList models the list_head chains the kernel threads through
// page->lru (include/linux/list.h): a doubly linked list of pages whose
// links live in the pages themselves.
type pageList struct {
	head, tail *Page
}

func (l *pageList) empty() bool { return l.head == nil }

// pushHead models list_add().
func (l *pageList) pushHead(p *Page) {
	p.prev = nil
	p.next = l.head
	if l.head != nil {
		l.head.prev = p
	} else {
		l.tail = p
	}
	l.head = p
}

// pushTail models list_add_tail().
func (l *pageList) pushTail(p *Page) {
	p.next = nil
	p.prev = l.tail
	if l.tail != nil {
		l.tail.next = p
	} else {
		l.head = p
	}
	l.tail = p
}

// remove models list_del().
func (l *pageList) remove(p *Page) {
	if p.prev != nil {
		p.prev.next = p.next
	} else {
		l.head = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	} else {
		l.tail = p.prev
	}
	p.next, p.prev = nil, nil
}

func (l *pageList) popHead() *Page {
	p := l.head
	if p != nil {
		l.remove(p)
	}
	return p
}

func (l *pageList) popTail() *Page {
	p := l.tail
	if p != nil {
		l.remove(p)
	}
	return p
}
