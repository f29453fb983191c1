# Crowdstick callbacks for a TouchDesigner WebSocket DAT, batched: for big
# crowds. The relay sends one 'frame' BATCH times a second with every user
# whose state changed, instead of one message per move, so TouchDesigner runs
# a few callbacks a second however many phones there are.
#
# Keeps the Table DAT named TABLE (beside this DAT) at one row per phone:
# user, x, y, speed, angle, then one column per slider, exactly as
# crowdstick_callbacks.py does. Setup: README.md beside this file.

import json

TABLE = 'users'
BATCH = 30  # frames a second, 1 to 120; about the project's frame rate is plenty
STICK = ['x', 'y', 'speed', 'angle']


def onConnect(dat):
	resetTable()
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
	kind = msg.get('type')
	table = op(TABLE)
	if kind == 'frame':
		for entry in msg['users']:
			user = str(entry['sliderId'])
			setStick(table, user, entry)
			for name, value in entry['sliders'].items():
				setSlider(table, user, name, value)
		return
	if 'sliderId' not in msg:
		return
	user = str(msg['sliderId'])
	if kind == 'connect':
		ensureRow(table, user)
	elif kind == 'update':
		setStick(table, user, msg)
	elif kind == 'slider':
		setSlider(table, user, msg['name'], msg['value'])
	elif kind == 'delete' and table.row(user) is not None:
		table.deleteRow(user)
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


def sendToPhone(dat, user, event, data):
	"""Talks back: event 'color' (a CSS colour), 'text' or 'vibrate' (ms).
	user is a sliderId, or 'all'. Example, from any script:
	op('crowdstick_batched_callbacks').module.sendToPhone(op('websocket1'), 1234, 'color', '#ff3366')
	"""
	to = user if user == 'all' else int(user)
	dat.sendText(json.dumps({'type': 'send', 'to': to, 'event': event, 'data': data}))


def setStick(table, user, stick):
	ensureRow(table, user)
	for column in STICK:
		table[user, column] = stick[column]


def setSlider(table, user, name, value):
	ensureRow(table, user)
	ensureColumn(table, name)
	table[user, name] = value


def resetTable():
	table = op(TABLE)
	table.clear()
	table.appendRow(['user'] + STICK)


def ensureRow(table, user):
	if table.row(user) is None:
		table.appendRow([user] + [0] * (table.numCols - 1))


def ensureColumn(table, name):
	# Compared by value: column lookups by name would treat * and ? as patterns.
	if name not in table.row(0, val=True):
		table.appendCol([name] + [0] * (table.numRows - 1))
