package mm

// pageList models the list_head chains the kernel threads through
// page->lru (include/linux/list.h): a doubly linked list of pages whose
// links live in the pages themselves. Links are pfn+1, 0 meaning none, so
// the frames stay free of Go pointers; the zero pageList is empty.
type pageList struct {
	head, tail uint32
}

func link(p *Page) uint32 { return p.pfn + 1 }

// at returns the page a non-zero link names.
func (m *Memory) at(l uint32) *Page { return m.page(uint64(l - 1)) }

// pushHead models list_add().
func (l *pageList) pushHead(m *Memory, p *Page) {
	p.prev = 0
	p.next = l.head
	if l.head != 0 {
		m.at(l.head).prev = link(p)
	} else {
		l.tail = link(p)
	}
	l.head = link(p)
}

// pushTail models list_add_tail().
func (l *pageList) pushTail(m *Memory, p *Page) {
	p.next = 0
	p.prev = l.tail
	if l.tail != 0 {
		m.at(l.tail).next = link(p)
	} else {
		l.head = link(p)
	}
	l.tail = link(p)
}

// remove models list_del().
func (l *pageList) remove(m *Memory, p *Page) {
	if p.prev != 0 {
		m.at(p.prev).next = p.next
	} else {
		l.head = p.next
	}
	if p.next != 0 {
		m.at(p.next).prev = p.prev
	} else {
		l.tail = p.prev
	}
	p.next, p.prev = 0, 0
}

func (l *pageList) popHead(m *Memory) *Page {
	if l.head == 0 {
		return nil
	}
	p := m.at(l.head)
	l.remove(m, p)
	return p
}

func (l *pageList) popTail(m *Memory) *Page {
	if l.tail == 0 {
		return nil
	}
	p := m.at(l.tail)
	l.remove(m, p)
	return p
}
