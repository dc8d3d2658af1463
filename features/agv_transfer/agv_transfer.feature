Feature: AGV docking transfer at station conveyor SC-1402: handshake and heartbeat supervision (S7-1500)
  The station takes a carrier from a docked AGV only while the AGV is in position and its heartbeat
  toggles; a heartbeat silent for 500 ms during a transfer stops the transfer on the station side,
  latched until reset.

  Background: the station is in automatic and an AGV is sent with a carrier
    Given Agv.Cmd.Auto is set to on
    And Agv.StationReady is on within 100 ms
    And agv.agv_dispatch is set to on
    And Agv.InPos is on within 20 s
    And Agv.TransferActive is on within 100 ms

  @requirement(AGV-S3)
  Scenario: A docked AGV hands its carrier over and leaves
    Then Agv.ConveyorRun is on within 100 ms
    And Agv.TransferDone is on within 5 s
    And Agv.TransferActive is off within 100 ms
    And Agv.Sts.Transfers is 1
    And Agv.InPos is off within 5 s
    And Agv.Alarm.HeartbeatLost is off

  @requirement(AGV-S3)
  Scenario: A frozen AGV heartbeat during the transfer stops it within 500 ms and latches
    When agv.agv_heartbeat freezes
    Then Agv.ConveyorRun stays on for 390 ms
    And Agv.ConveyorRun is off within 250 ms
    And Agv.TransferActive is off
    And Agv.Alarm.HeartbeatLost is on
    When the fault on agv.agv_heartbeat is cleared
    Then Agv.TransferActive stays off for 2 s
    And Agv.Sts.Transfers is 0

  @requirement(AGV-S3)
  Scenario: A heartbeat that keeps toggling keeps the transfer going
    When agv.agv_heartbeat is delayed by 300 ms
    Then Agv.Alarm.HeartbeatLost never becomes on during the next 3 s
    And Agv.Sts.Transfers is 1

  @requirement(AGV-S3)
  Scenario: After a heartbeat loss the transfer resumes only after a reset
    When the agv.agv_heartbeat wire breaks
    Then Agv.Alarm.HeartbeatLost is on within 700 ms
    When the fault on agv.agv_heartbeat is cleared
    Then Agv.TransferActive stays off for 1 s
    When Agv.Cmd.Reset is pulsed for 100 ms
    Then Agv.Alarm.HeartbeatLost is off within 100 ms
    And Agv.StationReady is on within 100 ms

  @requirement(AGV-S2)
  Scenario: The transfer conveyor stops when the AGV is no longer in position
    When agv.agv_in_pos is stuck at off
    Then Agv.ConveyorRun is off within 100 ms
    And Agv.Alarm.NotInPosition is on within 100 ms
    And Agv.TransferActive is off within 100 ms

  @requirement(CNV-S1)
  Scenario: A conveyor motor overload stops the transfer
    When agv.motor_overload is stuck at on
    Then Agv.ConveyorRun is off within 100 ms
    And Agv.Alarm.Overload is on
    And Agv.StationReady is off
