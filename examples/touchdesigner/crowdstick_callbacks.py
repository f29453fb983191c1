# Crowdstick callbacks for a TouchDesigner WebSocket DAT.
#
# Keeps the Table DAT named TABLE (beside this DAT) at one row per phone on
# the installation: user, x, y, speed, angle, then one column per slider.
# Rows are updated in place and removed when the phone leaves; on every
# (re)connect the table is cleared and the relay's roster replay rebuilds it.
# Setup, step by step: README.md beside this file.

import json

TABLE = 'users'
STICK = ['x', 'y', 'speed', 'angle']


def onConnect(dat):
	resetTable()
	return


def onDisconnect(dat):
	# The rows stay as they were; the replay on the next connect replaces them.
	return


def onReceiveText(dat, rowIndex, message):
	try:
		msg = json.loads(message)
	except ValueError:
		return
	if not isinstance(msg, dict) or 'sliderId' not in msg:
		return
	kind = msg.get('type')
	user = str(msg['sliderId'])
	table = op(TABLE)
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
	op('crowdstick_callbacks').module.sendToPhone(op('websocket1'), 1234, 'color', '#ff3366')
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
