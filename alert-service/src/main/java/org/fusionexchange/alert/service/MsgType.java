package org.fusionexchange.alert.service;

/** CAP 1.2 msgType: a first alert, an update after an amendment, or a cancellation. */
public enum MsgType {
    Alert, Update, Cancel
}
