# Crowdstick callbacks for a TouchDesigner WebSocket DAT.
#
# Keeps the Table DAT named TABLE (beside this DAT) at one row per slot: row
# N is player N, the number the phone shows ("player 3"), with columns slot,
# active (1 while the player is there, 0 once gone), user (the phone's id, 0
# for an empty slot), x, y, speed, angle, then one column per slider and one
# per button (button_NAME: 1 while held), each added when first used. A slot
# is the player's from joining to leaving and then goes to the next newcomer,
# so rows never move: a Geometry COMP instances from this table with instance
# index = slot - 1, and a player's instance keeps its index while others come
# and go. A leaving player's row stays, with active and every value back to
# 0. On every (re)connect the table is reset and the relay's roster replay
# rebuilds it.
#
# BATCH says how the relay sends. 0: every message as it comes, one callback
# each; simplest, fine for a few dozen phones. 1 to 120: for big crowds, one
# 'frame' that many times a second with every user whose state changed,
# instead of one message per move, so TouchDesigner runs a few callbacks a
# second however many phones there are; about the project's frame rate (30)
# is plenty. The table is the same either way.
# Setup, step by step: README.md beside this file.

import json

TABLE = 'users'
BATCH = 0  # 0: every message; 1 to 120: frames a second, for big crowds (say 30)
STICK = ['x', 'y', 'speed', 'angle']
HEADER = ['slot', 'active', 'user'] + STICK


def onConnect(dat):
	resetTable()
	if BATCH:
		# Must be the first message on the socket. Until the relay reads it, plain
		# messages (the roster replay) arrive; onReceiveText takes both kinds.
		dat.sendText(json.dumps({'type': 'subscribe', 'batch': BATCH}))
	return


def onDisconnect(dat):
	# The rows stay as they were; the replay on the next connect replaces them.
	return


def onReceiveText(dat, rowIndex, message):
	try:
		msg = json.loads(message)
	except ValueError:
		return
	if not isinstance(msg, dict):
		return
	if msg.get('type') == 'frame':
		applyFrame(op(TABLE), msg)
	else:
		applyUserMessage(op(TABLE), msg)
	return


def onReceiveBinary(dat, contents):
	return


def onReceivePing(dat, contents):
	dat.sendPong(contents)
	return


def onReceivePong(dat, contents):
	return


def onMonitorMessage(dat, message):
	return


def sendToPhone(dat, slot, event, data):
	"""Talks back: event 'color' (a CSS colour), 'text' or 'vibrate' (ms).
	slot is a player's slot (their row in the table), or 'all'. Example, from any script:
	op('crowdstick_callbacks').module.sendToPhone(op('websocket1'), 3, 'color', '#ff3366')
	"""
	message = {'type': 'send', 'event': event, 'data': data}
	if slot == 'all':
		message['to'] = 'all'
	else:
		message['slot'] = int(slot)
	dat.sendText(json.dumps(message))


def applyFrame(table, frame):
	"""One batched frame (only with BATCH set): the users whose state changed since the last."""
	# Each entry is a present user's latest stick, sliders and buttons; their
	# connect came before it, and their delete will come after.
	for entry in frame['users']:
		slot = entry['slot']
		setStick(table, slot, entry)
		for name, value in entry['sliders'].items():
			setSlider(table, slot, name, value)
		# A relay from before buttons sends frames without them.
		for name, pressed in entry.get('buttons', {}).items():
			setButton(table, slot, name, pressed)


def applyUserMessage(table, msg):
	"""One relay message about a user: connect, update, slider, button or delete."""
	slot = msg.get('slot')
	# bool is an int in Python, but never a slot.
	if not isinstance(slot, int) or isinstance(slot, bool) or slot < 1:
		return
	kind = msg.get('type')
	if kind == 'connect':
		join(table, slot, msg['sliderId'])
	elif kind == 'update':
		setStick(table, slot, msg)
	elif kind == 'slider':
		setSlider(table, slot, msg['name'], msg['value'])
	elif kind == 'button':
		setButton(table, slot, msg['name'], msg['pressed'])
	elif kind == 'delete':
		leave(table, slot)


def join(table, slot, user):
	# A newcomer starts from rest: the relay keeps nothing of whoever had the slot before.
	ensureRows(table, slot)
	clearRow(table, slot)
	table[slot, 'active'] = 1
	table[slot, 'user'] = user


def leave(table, slot):
	# The row stays, so no other player's row moves; it reads 0 until the slot is taken again.
	if slot < table.numRows:
		clearRow(table, slot)


def setStick(table, slot, stick):
	ensureRows(table, slot)
	for column in STICK:
		table[slot, column] = stick[column]


def setSlider(table, slot, name, value):
	ensureRows(table, slot)
	ensureColumn(table, name)
	table[slot, name] = value


def setButton(table, slot, name, pressed):
	# Prefixed, so a button never shares a column with a slider of the same name.
	setSlider(table, slot, 'button_' + name, 1 if pressed else 0)


def resetTable():
	table = op(TABLE)
	table.clear()
	table.appendRow(HEADER)


def ensureRows(table, slot):
	# Row N is slot N (row 0 is the header), so rows come in order, gaps included.
	while table.numRows <= slot:
		table.appendRow([table.numRows] + [0] * (table.numCols - 1))


def clearRow(table, slot):
	# Everything after the slot itself: active, user, the stick, every slider and button.
	for column in range(1, table.numCols):
		table[slot, column] = 0


def ensureColumn(table, name):
	# Compared by value: column lookups by name would treat * and ? as patterns.
	if name not in table.row(0, val=True):
		table.appendCol([name] + [0] * (table.numRows - 1))
